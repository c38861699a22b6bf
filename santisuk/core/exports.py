"""CSV and XLSX export of any table the UI shows. Rows stream from the (already restricted)
queryset; nothing outside the user's scope can reach an export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

Column = tuple[str, Callable[[Any], Any]]

FORMATS = ("csv", "xlsx")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
        return value
    text = str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    rows: Iterable[Any], columns: Sequence[Column], fmt: str, filename: str
) -> HttpResponse | StreamingHttpResponse:
    headers = [str(label) for label, _ in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # BOM so that spreadsheet programs read Khmer as UTF-8
            yield writer.writerow(headers)
            for row in rows:
                yield writer.writerow([_cell(get(row)) for _, get in columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(filename[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([_cell(get(row)) for _, get in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
