"""The annual review in its four forms: JSON (for other systems), CSV, XLSX formatted for
printing, and a standalone printable HTML page. All but JSON carry the definitions; the JSON form
is fixed by its readers and holds the figures only."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from santisuk.stats.charts import Bar, year_bars
from santisuk.stats.definitions import ANNUAL_DEFINITIONS, as_text
from santisuk.stats.selectors import METRICS

FORMATS = ("json", "csv", "xlsx", "html")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def metric_labels() -> dict[str, str]:
    return {
        "reported": _("Reported"),
        "cracked_down": _("Cracked down"),
        "suspects_arrested": _("Suspects arrested"),
    }


def figure_headers(review: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, header) of the figure columns, in the JSON order."""
    year, prev = review["year"], review["compared_with"]
    headers = []
    for metric, label in metric_labels().items():
        headers += [
            (metric, f"{label} {year}"),
            (f"{metric}_prev", f"{label} {prev}"),
            (f"{metric}_change", f"{label}: " + _("change")),
            (f"{metric}_change_pct", f"{label}: " + _("change %")),
        ]
    headers.append(("clearance_rate", _("Clearance rate")))
    return headers


def title(review: dict[str, Any], scope: str = "") -> str:
    text = _("Annual work review %(year)s compared with %(prev)s") % {
        "year": review["year"],
        "prev": review["compared_with"],
    }
    return f"{text} — {scope}" if scope else text


def year_note(review: dict[str, Any]) -> str:
    """For a year not over yet, what a reader comparing it with the year before must know: its
    figures run to the day of the review, the year before's to the end of that year."""
    as_of = datetime.datetime.fromisoformat(review["as_of"]).date()
    if as_of.year != review["year"]:
        return ""
    return _(
        "%(year)s is not over: its figures run to %(day)s, those of %(prev)s to the end of that "
        "year. CompStat compares the year to date with the same days a year before."
    ) % {"year": review["year"], "day": as_of.isoformat(), "prev": review["compared_with"]}


def labelled_rows(review: dict[str, Any]) -> list[tuple[str, str, str, str, dict]]:
    """(section, code, name_en, name_km, row) for the totals, each province, each crime type."""
    rows = [(_("Total"), "", _("All"), "", review["totals"])]
    rows += [
        (_("Province"), r["province_code"] or "", r["province_name_en"], r["province_name_km"], r)
        for r in review["by_province"]
    ]
    rows += [
        (_("Crime type"), r["crime_type"], r["name_en"], r["name_km"], r)
        for r in review["by_crime_type"]
    ]
    return rows


def to_json(review: dict[str, Any]) -> bytes:
    return json.dumps(review, ensure_ascii=False, indent=2).encode()


def to_csv(review: dict[str, Any], scope: str = "") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title(review, scope)])
    writer.writerow([_("As of"), review["as_of"]])
    writer.writerow([note] if (note := year_note(review)) else [])
    headers = figure_headers(review)
    writer.writerow(
        [_("Section"), _("Code"), _("Name (Latin)"), _("Name (Khmer)")] + [h for _k, h in headers]
    )
    for section, code, name_en, name_km, row in labelled_rows(review):
        values = ["" if row[key] is None else row[key] for key, _h in headers]
        writer.writerow([section, code, name_en, name_km, *values])
    writer.writerow([])
    writer.writerow([_("Definitions")])
    for term, text in as_text(ANNUAL_DEFINITIONS):
        writer.writerow([term, text])
    # BOM so that spreadsheet programs read Khmer as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_THIN = Side(style="thin", color="A0A0A0")
_BORDER = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)


def _sheet(workbook, name: str, review, scope, heading: str, rows, label_headers):
    sheet = workbook.create_sheet(name[:31])
    headers = figure_headers(review)
    sheet.append([title(review, scope)])
    sheet["A1"].font = _TITLE
    sheet.append([heading, "", _("As of") + " " + review["as_of"]])
    sheet["A2"].font = _BOLD
    sheet.append([note] if (note := year_note(review)) else [])
    header_row = 4
    sheet.append(list(label_headers) + [h for _k, h in headers])
    for cell in sheet[header_row]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
    sheet.row_dimensions[header_row].height = 45
    first_figure = len(label_headers) + 1
    for labels, row in rows:
        values = []
        for key, _h in headers:
            value = row[key]
            # Percentages are stored as fractions so the spreadsheet shows and sums them as such.
            if key.endswith("_pct") and value is not None:
                value = value / 100
            values.append(value)
        sheet.append(list(labels) + values)
        current = sheet.max_row
        for column, (key, _h) in enumerate(headers, start=first_figure):
            cell = sheet.cell(row=current, column=column)
            cell.border = _BORDER
            if key.endswith("_pct"):
                cell.number_format = "+0.0%;-0.0%;0.0%"
            elif key == "clearance_rate":
                cell.number_format = "0.0%"
            elif key.endswith("_change"):
                cell.number_format = "+#,##0;-#,##0;0"
            else:
                cell.number_format = "#,##0"
        for column in range(1, first_figure):
            sheet.cell(row=current, column=column).border = _BORDER
    widths = [8, 24, 24][: len(label_headers)]
    if len(label_headers) == 1:
        widths = [24]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in range(first_figure, first_figure + len(headers)):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=first_figure)
    sheet.append([])
    sheet.append([_("Definitions")])
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    for term, text in as_text(ANNUAL_DEFINITIONS):
        sheet.append([term, text])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    # Printing: landscape, one page wide, the header row repeated on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.gridLines = False
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddHeader.center.text = title(review, scope)
    return sheet


def to_xlsx(review: dict[str, Any], scope: str = "") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Totals"),
        review,
        scope,
        _("Totals"),
        [((_("All"),), review["totals"])],
        [_("Scope")],
    )
    _sheet(
        workbook,
        _("By province"),
        review,
        scope,
        _("By province"),
        [
            ((r["province_code"] or "", r["province_name_en"], r["province_name_km"]), r)
            for r in review["by_province"]
        ],
        [_("Code"), _("Name (Latin)"), _("Name (Khmer)")],
    )
    _sheet(
        workbook,
        _("By crime type"),
        review,
        scope,
        _("By crime type"),
        [((r["crime_type"], r["name_en"], r["name_km"]), r) for r in review["by_crime_type"]],
        [_("Code"), _("Name (Latin)"), _("Name (Khmer)")],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def charts(review: dict[str, Any], language_km: bool = False) -> dict[str, Any]:
    """The review's charts: totals, by province and by crime type, the two years side by side."""
    prev, year = str(review["compared_with"]), str(review["year"])
    name = "name_km" if language_km else "name_en"
    totals = review["totals"]
    return {
        "totals": year_bars(
            [
                Bar(str(label), totals[f"{metric}_prev"], totals[metric])
                for metric, label in metric_labels().items()
            ],
            title=_("Totals"),
            previous_label=prev,
            current_label=year,
        ),
        "by_province": year_bars(
            [
                Bar(
                    r[f"province_{name}"] or r["province_name_en"],
                    r["reported_prev"],
                    r["reported"],
                )
                for r in review["by_province"]
            ],
            title=_("Reported cases by province"),
            previous_label=prev,
            current_label=year,
        ),
        "by_crime_type": year_bars(
            [
                Bar(r[name] or r["name_en"], r["reported_prev"], r["reported"])
                for r in review["by_crime_type"]
            ],
            title=_("Reported cases by crime type"),
            previous_label=prev,
            current_label=year,
        ),
    }


def _number(value: Any) -> str:
    return "—" if value is None else f"{value:,}"


def _signed(value: Any, suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:+,}{suffix}" if value else f"0{suffix}"


def display_cells(row: dict[str, Any]) -> list[str]:
    cells = []
    for metric in METRICS:
        cells += [
            _number(row[metric]),
            _number(row[f"{metric}_prev"]),
            _signed(row[f"{metric}_change"]),
            _signed(row[f"{metric}_change_pct"], " %"),
        ]
    rate = row["clearance_rate"]
    cells.append("—" if rate is None else f"{rate:.3f}")
    return cells


def table_context(review: dict[str, Any], language_km: bool = False) -> dict[str, Any]:
    name = "name_km" if language_km else "name_en"
    return {
        "review": review,
        "metric_labels": list(metric_labels().values()),
        "sub_headers": [str(review["year"]), str(review["compared_with"]), _("change"), "%"],
        "totals_cells": display_cells(review["totals"]),
        "province_rows": [
            (
                r["province_code"] or "",
                r[f"province_{name}"] or r["province_name_en"],
                display_cells(r),
            )
            for r in review["by_province"]
        ],
        "type_rows": [
            (r["crime_type"], r[name] or r["name_en"], display_cells(r))
            for r in review["by_crime_type"]
        ],
        "definitions": as_text(ANNUAL_DEFINITIONS),
        "year_note": year_note(review),
    }


def to_html(review: dict[str, Any], scope: str = "", language_km: bool = False) -> bytes:
    context = table_context(review, language_km)
    context.update(title=title(review, scope), charts=charts(review, language_km), scope=scope)
    return render_to_string("stats/annual_print.html", context).encode()


def render(review: dict[str, Any], fmt: str, scope: str = "", language_km: bool = False) -> bytes:
    if fmt == "json":
        return to_json(review)
    if fmt == "csv":
        return to_csv(review, scope)
    if fmt == "xlsx":
        return to_xlsx(review, scope)
    return to_html(review, scope, language_km)
