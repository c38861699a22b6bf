"""Situation reports, the operating picture (dashboard and map), equal treatment, notifications."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from santisuk.core.exports import export_response
from santisuk.core.views import ObjectDetailView, get_restricted_or_404
from santisuk.elections import services
from santisuk.elections.choices import OPEN_STATUSES, StageCode
from santisuk.elections.forms import NarrativeForm, SitrepForm
from santisuk.elections.models import (
    Election,
    Incident,
    Notification,
    PollingStation,
    SituationReport,
)
from santisuk.elections.services.reports import dashboard, equal_treatment, public_figures
from santisuk.geo.borders import border_paths


class SitrepGenerateView(LoginRequiredMixin, View):
    template_name = "elections/sitrep_generate.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "elections.add_situationreport"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(
            request,
            self.template_name,
            {"form": SitrepForm(initial={"election": services.current_election()})},
        )

    def post(self, request):
        form = SitrepForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        report = services.sitrep_generate(actor=request.user, **form.cleaned_data)
        return HttpResponseRedirect(reverse("elections:situationreport_detail", args=[report.pk]))


def _rows(figures: dict) -> list[tuple[str, str, int]]:
    rows = []
    for section, label in (
        ("by_crime", _("Crime")),
        ("by_election_kind", _("Election-specific kind")),
        ("by_severity", _("Severity")),
        ("by_stage", _("Stage")),
        ("by_status", _("Status")),
    ):
        for key, count in figures.get(section, {}).items():
            rows.append((str(label), key, count))
    return rows


class SitrepDetailView(ObjectDetailView):
    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            report = get_restricted_or_404(SituationReport, request.user, kwargs["pk"])
            rows = [
                (_("Total"), "", report.figures.get("total", 0)),
                (_("Open"), "", report.figures.get("open", 0)),
                (_("Overdue"), "", report.figures.get("overdue", 0)),
                *_rows(report.figures),
            ]
            columns = [
                (_("Breakdown"), lambda r: r[0]),
                (_("Value"), lambda r: r[1]),
                (_("Incidents"), lambda r: r[2]),
            ]
            return export_response(rows, columns, "csv", f"sitrep_{report.number}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = _rows(self.object.figures)
        context["narrative_form"] = NarrativeForm(initial={"narrative": self.object.narrative})
        context["can_edit"] = self.request.user.has_perm("elections.change_situationreport")
        return context


class SitrepPublishView(LoginRequiredMixin, View):
    """Publishing a report's counts needs the notice approvers' permission."""

    def post(self, request, pk):
        if not request.user.has_perm("elections.approve_notice"):
            raise PermissionDenied
        report = get_restricted_or_404(SituationReport, request.user, pk, "change")
        services.sitrep_publish(report=report, actor=request.user)
        messages.success(request, _("The counts of this report are now public."))
        return HttpResponseRedirect(reverse("elections:situationreport_detail", args=[pk]))


class PublicFiguresView(View):
    """Published aggregates for the public: counts only, no incident, place or narrative."""

    def get(self, request):
        reports = (
            SituationReport.objects.filter(published_at__isnull=False, province__isnull=True)
            .select_related("election")
            .order_by("-period_end")[:20]
        )
        rows = [(report, public_figures(report)) for report in reports]
        return render(request, "elections/public_figures.html", {"rows": rows})


class SitrepNarrativeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        if not request.user.has_perm("elections.change_situationreport"):
            raise PermissionDenied
        report = get_restricted_or_404(SituationReport, request.user, pk, "change")
        form = NarrativeForm(request.POST)
        if form.is_valid():
            services.sitrep_update(
                report=report, actor=request.user, narrative=form.cleaned_data["narrative"]
            )
            messages.success(request, _("Narrative saved."))
        return HttpResponseRedirect(reverse("elections:situationreport_detail", args=[pk]))


# The map: positions projected on Cambodia's bounding box, drawn as SVG on the server, so it
# needs no tiles and no script (air-gapped networks).
WEST, EAST, SOUTH, NORTH = 102.3, 107.7, 10.3, 14.8
WIDTH, HEIGHT = 720, 600
SEVERITY_COLOURS = {1: "#6b8e23", 2: "#b8a000", 3: "#e08a00", 4: "#d2451e", 5: "#8b0000"}


def _project(lat: float, lon: float) -> tuple[float, float]:
    return (lon - WEST) / (EAST - WEST) * WIDTH, (NORTH - lat) / (NORTH - SOUTH) * HEIGHT


def _xy(lat: Decimal | None, lon: Decimal | None) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    x, y = _project(float(lat), float(lon))
    if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
        return None
    return round(x, 1), round(y, 1)


class DashboardView(LoginRequiredMixin, View):
    def get(self, request):
        if not request.user.has_perm("elections.view_incident"):
            raise PermissionDenied
        queryset = Incident.objects.restrict(request.user)
        election = services.current_election()
        if request.GET.get("election"):
            election = Election.objects.filter(slug=request.GET["election"]).first()
        if election is not None:
            queryset = queryset.filter(election=election)
        stage_filter = request.GET.get("stage") or ""
        open_qs = queryset.filter(status__in=OPEN_STATUSES)
        if stage_filter:
            open_qs = open_qs.filter(stage=stage_filter)
        points = []
        for incident in open_qs.select_related("polling_station")[:2000]:
            lat = incident.latitude or (
                incident.polling_station and incident.polling_station.latitude
            )
            lon = incident.longitude or (
                incident.polling_station and incident.polling_station.longitude
            )
            xy = _xy(lat, lon)
            if xy:
                points.append(
                    {
                        "x": xy[0],
                        "y": xy[1],
                        "r": 3 + incident.severity * 1.5,
                        "colour": SEVERITY_COLOURS[incident.severity],
                        "incident": incident,
                    }
                )
        stations = []
        if election is not None:
            for station in PollingStation.objects.filter(election=election):
                xy = _xy(station.latitude, station.longitude)
                if xy:
                    stations.append({"x": xy[0], "y": xy[1], "station": station})
        context = {
            "election": election,
            "figures": dashboard(queryset=queryset),
            "points": points,
            "stations": stations,
            "width": WIDTH,
            "height": HEIGHT,
            "borders": border_paths(_project, WIDTH, HEIGHT),
            "colours": sorted(SEVERITY_COLOURS.items()),
            "stage_filter": stage_filter,
            "stages": StageCode.choices,
            "now": timezone.now(),
        }
        return render(request, "elections/dashboard.html", context)


class IncidentGeoJSONView(LoginRequiredMixin, View):
    """The incidents the user may see that have a position (their own or their polling
    station's), as GeoJSON points; filtered like the list page."""

    def get(self, request):
        from django.http import JsonResponse

        from santisuk.elections.filtersets import IncidentFilterSet

        if not request.user.has_perm("elections.view_incident"):
            raise PermissionDenied
        queryset = Incident.objects.restrict(request.user).select_related(
            "polling_station", "area", "election"
        )
        filterset = IncidentFilterSet(request.GET or None, queryset=queryset, request=request)
        if filterset.is_bound:
            if not filterset.is_valid():
                return JsonResponse({"errors": filterset.errors}, status=400)
            queryset = filterset.qs
        features = []
        for incident in queryset[:10000]:
            station = incident.polling_station
            lat = (
                incident.latitude
                if incident.latitude is not None
                else (station.latitude if station else None)
            )
            lon = (
                incident.longitude
                if incident.longitude is not None
                else (station.longitude if station else None)
            )
            if lat is None or lon is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                    "properties": {
                        "number": incident.number,
                        "title": incident.title,
                        "severity": incident.severity,
                        "stage": incident.stage,
                        "status": incident.status,
                        "crime_kind": incident.crime_kind,
                        "election_kind": incident.election_kind,
                        "place": incident.area.code,
                        "polling_station": station.code if station else "",
                    },
                }
            )
        response = JsonResponse({"type": "FeatureCollection", "features": features})
        response["Content-Type"] = "application/geo+json"
        response["Content-Disposition"] = 'attachment; filename="incidents.geojson"'
        return response


class EqualTreatmentView(LoginRequiredMixin, View):
    def get(self, request):
        if not request.user.has_perm("elections.see_party_affiliation"):
            raise PermissionDenied
        queryset = Incident.objects.restrict(request.user)
        election = services.current_election()
        if election is not None:
            queryset = queryset.filter(election=election)
        rows = equal_treatment(queryset=queryset)
        return render(
            request, "elections/equal_treatment.html", {"rows": rows, "election": election}
        )


class NotificationsView(LoginRequiredMixin, View):
    def get(self, request):
        notes = Notification.objects.filter(recipient=request.user).select_related("incident")
        return render(request, "elections/notifications.html", {"notes": notes[:200]})

    def post(self, request):
        Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return HttpResponseRedirect(reverse("elections:notifications"))
