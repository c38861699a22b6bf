"""The gazetteer pages (read-only: administrators correct units in the Django admin) and the
place picker's autocomplete endpoint."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import RedirectView

from santisuk.core.views import ObjectDetailView, ObjectListView, Registry
from santisuk.geo.choices import Level
from santisuk.geo.filtersets import AreaFilterSet
from santisuk.geo.forms import AreaAutocompleteWidget
from santisuk.geo.models import Area
from santisuk.geo.selectors import area_chain, area_counts, area_current, area_label, area_search
from santisuk.geo.tables import AreaTable

AUTOCOMPLETE_LIMIT = 15
_NAME = re.compile(r"^[\w-]{1,100}$")


def _parent_code(area: Area) -> str:
    return area.parent.code if area.parent_id else ""


class AreaRegistry(Registry):
    model = Area
    url_prefix = "area"
    filterset_class = AreaFilterSet
    table_class = AreaTable
    list_template = "geo/area_list.html"
    select_related = ("parent", "province")
    paginate_by = 50
    export_columns = [
        (_("NCDD code"), lambda a: a.code),
        (_("Level"), lambda a: a.get_level_display()),
        (_("Type"), lambda a: a.get_kind_display() if a.kind else ""),
        (_("Name (Latin)"), lambda a: a.name_en),
        (_("Name (Khmer)"), lambda a: a.name_km),
        (_("Parent code"), _parent_code),
        (_("Parent name"), lambda a: a.parent.name_en if a.parent_id else ""),
        (_("Province code"), lambda a: a.province.code if a.province_id else ""),
        (_("Valid from"), lambda a: a.valid_from),
        (_("Valid to"), lambda a: a.valid_to),
    ]


class AreaListView(ObjectListView):
    """The gazetteer page: counts per level, search by code or name, level filter, export."""

    def get_queryset(self):
        return area_current(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = area_counts(self.model.objects.restrict(self.request.user, "view"))
        context["level_counts"] = [(level, label, counts[level]) for level, label in Level.choices]
        return context


class AreaDetailView(ObjectDetailView):
    def get_queryset(self):
        return super().get_queryset().select_related("parent__parent__parent", "province")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.object
        visible = self.model.objects.restrict(self.request.user, "view")
        context["label"] = area_label(area)
        context["ancestors"] = list(reversed(area_chain(area)[1:]))
        context["children"] = list(area_current(visible.filter(parent=area)).order_by("code"))
        context["versions"] = list(
            visible.filter(code=area.code).exclude(pk=area.pk).order_by("-valid_from")
        )
        return context


class AreaAutocompleteView(LoginRequiredMixin, View):
    """Options for the place picker, as an HTML fragment.

    ``?q=`` (or the picker's own field) is the text typed; ``level`` restricts the levels
    (repeated or comma-separated). With ``pick=<code>`` the picker itself is returned with that
    place chosen, so that choosing works with HTMX alone.
    """

    def get(self, request):
        field = request.GET.get("field", "")
        field = field if _NAME.match(field) else ""
        widget_id = request.GET.get("widget_id", "")
        widget_id = widget_id if _NAME.match(widget_id) else ""
        levels = [
            value
            for raw in request.GET.getlist("level")
            for value in raw.split(",")
            if value in Level.values
        ]
        pick = request.GET.get("pick")
        if pick is not None and field:
            widget = AreaAutocompleteWidget(levels=levels)
            html = widget.render(field, pick, attrs={"id": widget_id or f"id_{field}"})
            return HttpResponse(html)
        query = request.GET.get("q")
        if query is None and field:
            query = request.GET.get(field, "")
        query = (query or "").strip()
        results = area_search(
            query,
            level=levels or None,
            limit=AUTOCOMPLETE_LIMIT,
            queryset=Area.objects.restrict(request.user, "view"),
        )
        pick_url = ""
        if field:
            control = {"field": field, "widget_id": widget_id or f"id_{field}"}
            if levels:
                control["level"] = ",".join(levels)
            pick_url = f"{reverse('geo:area_autocomplete')}?{urlencode(control)}"
        # No stray whitespace: an options list with nothing to show must stay :empty (hidden).
        html = render_to_string(
            "geo/widgets/area_options.html",
            {
                "results": results,
                "query": query,
                "field": field,
                "widget_id": (widget_id or f"id_{field}") if field else "",
                "pick_url": pick_url,
            },
            request=request,
        )
        return HttpResponse(html.strip())


def urls() -> list:
    return [
        path("", RedirectView.as_view(pattern_name="geo:area_list"), name="index"),
        path("areas/", AreaListView.as_view(registry=AreaRegistry), name="area_list"),
        path("areas/<int:pk>/", AreaDetailView.as_view(registry=AreaRegistry), name="area_detail"),
        path("autocomplete/", AreaAutocompleteView.as_view(), name="area_autocomplete"),
    ]
