"""Pages of the statistics: the annual work review, CompStat and the map of cases per commune.

Every figure comes from ``selectors``, which start from the cases the viewer may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import generic

from santisuk.core.exports import export_response
from santisuk.core.scope import Scope
from santisuk.stats import exports, maps
from santisuk.stats.definitions import COMPSTAT_DEFINITIONS, MAP_DEFINITIONS, as_text
from santisuk.stats.forms import AnnualForm, CompStatForm, MapForm
from santisuk.stats.selectors import annual_review, cases_by_place, compstat

VIEW_PERMISSION = "cases.view_case"


def scope_label(user: Any, province: Any = None) -> str:
    """Whose cases a figure covers, printed with it."""
    if province is not None:
        return f"{province.local_name} ({province.code})"
    if user is None or user.is_superuser or user.effective_scope == Scope.NATIONAL:
        return _("National")
    unit = user.unit
    if unit is None:
        return _("No unit")
    if user.effective_scope == Scope.PROVINCE and unit.province_id:
        return f"{unit.province.local_name} ({unit.province.code})"
    return unit.local_name


class StatsView(LoginRequiredMixin, generic.TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def language_km(self) -> bool:
        return translation.get_language() == "km"


def download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    return response


class AnnualView(StatsView):
    template_name = "stats/annual.html"

    def get(self, request, *args, **kwargs):
        form = AnnualForm(request.GET)
        context = self.get_context_data(form=form)
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        year, province = form.cleaned_data["year"], form.cleaned_data["province"]
        review = annual_review(year=year, province=province, user=request.user)
        scope = scope_label(request.user, province)
        fmt = request.GET.get("export")
        if fmt in exports.FORMATS:
            content = exports.render(review, fmt, scope, self.language_km)
            suffix = f"-{province.code}" if province else ""
            return download(content, fmt, f"annual-review-{year}{suffix}")
        context.update(exports.table_context(review, self.language_km))
        totals = review["totals"]
        context.update(
            review=review,
            scope=scope,
            title=exports.title(review, scope),
            charts=exports.charts(review, self.language_km),
            export_formats=exports.FORMATS,
            headline=[
                (label, totals[m], totals[f"{m}_prev"], totals[f"{m}_change_pct"])
                for m, label in exports.metric_labels().items()
            ],
        )
        return self.render_to_response(context)


COMPSTAT_FORMATS = ("csv", "xlsx")


def _compstat_rows(data: dict[str, Any], language_km: bool) -> dict[str, list]:
    keys = [p["key"] for p in data["periods"]]
    name = "name_km" if language_km else "name_en"

    def cells(row):
        return [row["periods"][key] for key in keys]

    return {
        "totals": [("", _("All"), cells(data["totals"]))],
        "by_province": [
            (r["province_code"] or "", r[f"province_{name}"] or r["province_name_en"], cells(r))
            for r in data["by_province"]
        ],
        "by_crime_type": [
            (r["crime_type"], r[name] or r["name_en"], cells(r)) for r in data["by_crime_type"]
        ],
    }


def _compstat_export(data: dict[str, Any], fmt: str):
    columns: list = [
        (_("Section"), lambda r: r[0]),
        (_("Code"), lambda r: r[1]),
        (_("Name"), lambda r: r[2]),
    ]
    for index, period in enumerate(data["periods"]):
        label = f"{period['label']} ({period['start']}–{period['end']})"
        for key, heading in (
            ("count", label),
            ("count_prev", f"{period['label']}: " + _("a year before")),
            ("change", f"{period['label']}: " + _("change")),
            ("change_pct", f"{period['label']}: " + _("change %")),
            ("p_value", f"{period['label']}: p"),
            ("significant", f"{period['label']}: " + _("unlikely to be chance")),
        ):
            columns.append((heading, lambda r, i=index, k=key: r[3][i][k]))
    rows = []
    for section, items in _compstat_rows(data, False).items():
        label = {"totals": _("Total"), "by_province": _("Province")}.get(section, _("Crime type"))
        rows += [(label, code, name, cells) for code, name, cells in items]
    # The definitions close the file, in the first columns, so the figures carry their meaning.
    blank = dict.fromkeys(("count", "count_prev", "change", "change_pct", "p_value"), "")
    blank["significant"] = ""
    for term, text in as_text(COMPSTAT_DEFINITIONS):
        rows.append((_("Definition"), term, text, [blank] * len(data["periods"])))
    return export_response(rows, columns, fmt, f"compstat-{data['as_of']}")


class CompStatView(StatsView):
    template_name = "stats/compstat.html"

    def get(self, request, *args, **kwargs):
        form = CompStatForm(request.GET)
        context = self.get_context_data(form=form)
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        province = form.cleaned_data["province"]
        data = compstat(as_of=form.cleaned_data["as_of"], province=province, user=request.user)
        fmt = request.GET.get("export")
        if fmt in COMPSTAT_FORMATS:
            return _compstat_export(data, fmt)
        rows = _compstat_rows(data, self.language_km)
        context.update(
            data=data,
            tables=[
                (key, caption, rows[key])
                for key, caption in (
                    ("totals", _("Totals")),
                    ("by_province", _("By province")),
                    ("by_crime_type", _("By crime type")),
                )
            ],
            scope=scope_label(request.user, province),
            definitions=as_text(COMPSTAT_DEFINITIONS),
            export_formats=COMPSTAT_FORMATS,
        )
        return self.render_to_response(context)


class MapView(StatsView):
    template_name = "stats/map.html"

    def get(self, request, *args, **kwargs):
        form = MapForm(request.GET)
        context = self.get_context_data(form=form)
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        data = form.cleaned_data
        cases = cases_by_place(
            date_from=data["date_from"],
            date_to=data["date_to"],
            crime_type=data["crime_type"],
            province=data["province"],
            user=request.user,
        )
        blocks, communes, no_place = maps.commune_counts(cases)
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            columns = [
                (_("Commune code"), lambda c: c.code),
                (_("Commune (Latin)"), lambda c: c.name_en),
                (_("Commune (Khmer)"), lambda c: c.name_km),
                (_("Cases"), lambda c: c.count),
            ]
            name = f"cases-per-commune-{data['date_from']}-{data['date_to']}"
            return export_response(communes, columns, fmt, name)
        largest = max([c.count for c in communes] + [0])
        points = maps.point_counts(cases)
        context.update(
            grids=[(b, maps.tile_grid(b, largest, self.language_km)) for b in blocks],
            communes=communes[:100],
            commune_total=len(communes),
            no_place=no_place,
            total=sum(b.total for b in blocks) + no_place,
            legend=maps.legend(largest),
            point_map=maps.point_map(points) if points else None,
            located=sum(p["n"] for p in points),
            scope=scope_label(request.user, data["province"]),
            definitions=as_text(MAP_DEFINITIONS),
            language_km=self.language_km,
            period=(data["date_from"], data["date_to"]),
        )
        return self.render_to_response(context)
