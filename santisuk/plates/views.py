"""Pages of the plates module: the registries (configured on the generic views), the patrol and
citizen forms, alert handling, the logged sighting search, the notice and the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from santisuk.core.throttle import client_address, throttle_hit
from santisuk.core.views import ObjectDetailView, Registry, get_restricted_or_404
from santisuk.plates import filtersets, forms, tables
from santisuk.plates.choices import SightingSource
from santisuk.plates.imports import PlateImporter, VenueImporter
from santisuk.plates.maps import svg_points
from santisuk.plates.models import (
    Alert,
    MisuseRule,
    Plate,
    Sighting,
    Tariff,
    TaxAssessment,
    TravelOrder,
    Vehicle,
    Venue,
    VenueType,
)
from santisuk.plates.selectors import case_exists, dashboard_figures, sightings_search
from santisuk.plates.services import (
    alert_cancellation_approve,
    alert_cancellation_reject,
    alert_decide,
    alert_explanation_record,
    alert_note_add,
    sighting_record,
    vehicle_photo_add,
)


class PlateRegistry(Registry):
    model = Plate
    filterset_class = filtersets.PlateFilterSet
    table_class = tables.PlateTable
    form_class = forms.PlateForm
    importer_class = PlateImporter
    detail_template = "plates/plate_detail.html"
    select_related = ("unit", "vehicle", "officer")
    export_columns = [
        (gettext_lazy("Plate number"), lambda p: p.number),
        (gettext_lazy("Normalised"), lambda p: p.normalised),
        (gettext_lazy("Holding unit"), lambda p: p.unit.code),
        (gettext_lazy("Vehicle"), lambda p: p.vehicle.chassis_number if p.vehicle else ""),
        (gettext_lazy("Officer"), lambda p: p.officer.badge_number if p.officer else ""),
        (gettext_lazy("Status"), lambda p: p.get_status_display()),
        (gettext_lazy("Issued on"), lambda p: p.issued_on),
    ]


class VehicleRegistry(Registry):
    model = Vehicle
    filterset_class = filtersets.VehicleFilterSet
    table_class = tables.VehicleTable
    form_class = forms.VehicleForm
    select_related = ("holding_unit",)
    detail_template = "plates/vehicle_detail.html"
    export_columns = [
        (gettext_lazy("Chassis number"), lambda v: v.chassis_number),
        (gettext_lazy("Type"), lambda v: v.get_vehicle_type_display()),
        (gettext_lazy("Make"), lambda v: v.make),
        (gettext_lazy("Model"), lambda v: v.model),
        (gettext_lazy("Colour"), lambda v: v.colour),
        (gettext_lazy("Engine (cc)"), lambda v: v.engine_cc),
        (gettext_lazy("Classification"), lambda v: v.get_classification_display()),
        (gettext_lazy("Holding unit"), lambda v: v.holding_unit.code),
    ]


class VenueRegistry(Registry):
    model = Venue
    filterset_class = filtersets.VenueFilterSet
    table_class = tables.VenueTable
    form_class = forms.VenueForm
    importer_class = VenueImporter
    select_related = ("venue_type", "location")
    export_columns = [
        (gettext_lazy("Name"), lambda v: v.name),
        (gettext_lazy("Type"), lambda v: v.venue_type.code),
        (gettext_lazy("Commune"), lambda v: v.location.code),
        (gettext_lazy("Latitude"), lambda v: v.latitude),
        (gettext_lazy("Longitude"), lambda v: v.longitude),
        (gettext_lazy("Radius (m)"), lambda v: v.radius_m),
    ]


class VenueTypeRegistry(Registry):
    model = VenueType
    table_class = tables.VenueTypeTable
    form_class = forms.VenueTypeForm


class MisuseRuleRegistry(Registry):
    model = MisuseRule
    table_class = tables.MisuseRuleTable
    form_class = forms.MisuseRuleForm


class TariffRegistry(Registry):
    model = Tariff
    table_class = tables.TariffTable
    form_class = forms.TariffForm
    export_columns = [
        (gettext_lazy("Vehicle type"), lambda t: t.get_vehicle_type_display()),
        (gettext_lazy("From (cc)"), lambda t: t.engine_cc_min),
        (gettext_lazy("Up to (cc)"), lambda t: t.engine_cc_max),
        (gettext_lazy("Amount (KHR)"), lambda t: t.amount_khr),
    ]


class TravelOrderRegistry(Registry):
    model = TravelOrder
    table_class = tables.TravelOrderTable
    form_class = forms.TravelOrderForm
    select_related = ("plate", "province")
    export_columns = [
        (gettext_lazy("Reference"), lambda t: t.reference),
        (gettext_lazy("Plate"), lambda t: t.plate.number),
        (gettext_lazy("Province"), lambda t: t.province.code),
        (gettext_lazy("Valid from"), lambda t: t.valid_from),
        (gettext_lazy("Valid until"), lambda t: t.valid_to),
    ]


class AlertRegistry(Registry):
    model = Alert
    filterset_class = filtersets.AlertFilterSet
    table_class = tables.AlertTable
    detail_template = "plates/alert_detail.html"
    select_related = ("rule", "plate", "venue", "unit", "assigned_to")
    export_columns = [
        (gettext_lazy("Alert"), lambda a: a.number),
        (gettext_lazy("Seen at"), lambda a: a.seen_at),
        (gettext_lazy("Rule"), lambda a: a.rule.code),
        (gettext_lazy("Severity"), lambda a: a.get_severity_display()),
        (gettext_lazy("Plate"), lambda a: a.plate.number),
        (gettext_lazy("Venue"), lambda a: a.venue.name if a.venue else ""),
        (gettext_lazy("Holding unit"), lambda a: a.unit.code),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("Outcome"), lambda a: a.get_outcome_display()),
    ]


class TaxAssessmentRegistry(Registry):
    model = TaxAssessment
    filterset_class = filtersets.TaxAssessmentFilterSet
    table_class = tables.TaxAssessmentTable
    detail_template = "plates/taxassessment_detail.html"
    select_related = ("plate", "vehicle", "unit")
    export_columns = [
        (gettext_lazy("Notice"), lambda t: t.number),
        (gettext_lazy("Plate"), lambda t: t.plate.number),
        (gettext_lazy("Chassis number"), lambda t: t.vehicle.chassis_number),
        (gettext_lazy("Amount (KHR)"), lambda t: t.amount_khr),
        (gettext_lazy("Assessed on"), lambda t: t.assessed_on),
    ]


class PlateDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plate = self.object
        context["assignments"] = plate.assignments.select_related("unit", "vehicle", "officer")
        context["alerts"] = Alert.objects.restrict(self.request.user, "view").filter(plate=plate)
        return context


class AlertDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alert = self.object
        user = self.request.user
        evidence = list(alert.evidence.select_related("venue").order_by("captured_at"))
        can_change = user.has_perm("plates.change_alert")
        context.update(
            {
                "evidence": evidence,
                "map_svg": svg_points(
                    [(s.latitude, s.longitude, str(s), 1) for s in evidence if s.latitude]
                ),
                "notes": alert.notes.select_related("author"),
                "can_handle": can_change and alert.status != "closed",
                "can_approve": user.has_perm("plates.approve_alert")
                and alert.status == "cancellation_pending"
                and alert.cancellation_requested_by_id != user.pk,
                "note_form": forms.NoteForm(),
                "explanation_form": forms.ExplanationForm(),
                "decision_form": forms.DecisionForm(),
                "reject_form": forms.RejectForm(),
                "assessment": TaxAssessment.objects.filter(alert=alert).first(),
            }
        )
        return context


ACTIONS = {
    "note": (forms.NoteForm, "plates.change_alert"),
    "explanation": (forms.ExplanationForm, "plates.change_alert"),
    "decide": (forms.DecisionForm, "plates.change_alert"),
    "approve": (None, "plates.approve_alert"),
    "reject": (forms.RejectForm, "plates.approve_alert"),
}


class AlertActionView(LoginRequiredMixin, View):
    """One step of handling an alert; each is a service that writes its audit event."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise Http404
        form_class, permission = ACTIONS[action]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        alert = get_restricted_or_404(Alert, request.user, pk, "change")
        form = form_class(request.POST, request.FILES) if form_class else None
        if form is not None and not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(
                    request, f"{label}: {' '.join(errors)}" if label else " ".join(errors)
                )
            return redirect("plates:alert_detail", pk=alert.pk)
        data = form.cleaned_data if form is not None else {}
        user = request.user
        try:
            if action == "note":
                alert_note_add(
                    alert=alert, text=data["text"], attachment=data["attachment"], actor=user
                )
            elif action == "explanation":
                alert_explanation_record(alert=alert, explanation=data["explanation"], actor=user)
            elif action == "decide":
                reference = data["case_reference"]
                if reference and not case_exists(user=user, reference=reference):
                    raise ValidationError(
                        {"case_reference": _("No case with this reference in your scope.")}
                    )
                alert_decide(
                    alert=alert,
                    outcome=data["outcome"],
                    note=data["note"],
                    case_reference=reference,
                    actor=user,
                )
            elif action == "approve":
                assessment = alert_cancellation_approve(alert=alert, actor=user)
                messages.success(
                    request,
                    _("Plate cancelled; tax notice %(number)s issued.")
                    % {"number": assessment.number},
                )
            elif action == "reject":
                alert_cancellation_reject(alert=alert, reason=data["reason"], actor=user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect("plates:alert_detail", pk=alert.pk)


class VehiclePhotoView(LoginRequiredMixin, View):
    """Adds a photo to a vehicle's record."""

    def post(self, request, pk: int):
        if not request.user.has_perm("plates.add_vehiclephoto"):
            raise PermissionDenied
        vehicle = get_restricted_or_404(Vehicle, request.user, pk, "change")
        form = forms.VehiclePhotoForm(request.POST, request.FILES)
        if form.is_valid():
            vehicle_photo_add(
                vehicle=vehicle,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                actor=request.user,
            )
            messages.success(request, _("Photo added."))
        else:
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        return redirect("plates:vehicle_detail", pk=vehicle.pk)


class NoticeView(LoginRequiredMixin, View):
    """The printable notice of a cancellation and its tax, in Khmer and English."""

    def get(self, request, pk: int):
        assessment = get_restricted_or_404(TaxAssessment, request.user, pk, "view")
        return render(
            request,
            "plates/notice.html",
            {
                "assessment": assessment,
                "alert": assessment.alert,
                "vehicle": assessment.vehicle,
                "plate": assessment.plate,
            },
        )


class PatrolReportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "plates.add_sighting"
    template = "plates/patrol_form.html"

    def get(self, request):
        return render(request, self.template, {"form": forms.PatrolSightingForm()})

    def post(self, request):
        form = forms.PatrolSightingForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sighting = sighting_record(
                    source=SightingSource.PATROL,
                    plate_text=data["plate_text"],
                    captured_at=data["captured_at"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    venue=data["venue"],
                    area=data["area"],
                    place_text=data["place_text"],
                    note=data["note"],
                    photo=data["photo"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if sighting.plate_id:
                    messages.success(
                        request,
                        _("Report recorded: %(plate)s is a police plate of %(unit)s.")
                        % {"plate": sighting.plate.number, "unit": sighting.plate.unit.code},
                    )
                else:
                    messages.success(
                        request,
                        _("Report recorded: no police plate matches %(plate)s.")
                        % {"plate": sighting.plate_text},
                    )
                return redirect("plates:patrol_report")
        return render(request, self.template, {"form": form}, status=400)


class TipView(View):
    """The public form: no login; a few tips per address per hour; a receipt to follow up."""

    template = "plates/tip_form.html"

    def get(self, request):
        return render(request, self.template, {"form": forms.TipForm()})

    def post(self, request):
        form = forms.TipForm(request.POST, request.FILES)
        if throttle_hit(request, "plates.tip"):
            return render(
                request,
                self.template,
                {
                    "form": form,
                    "throttled": _(
                        "Too many reports from your connection; please try again in an hour."
                    ),
                },
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    sighting = sighting_record(
                        source=SightingSource.TIP,
                        plate_text=data["plate_text"],
                        captured_at=data["captured_at"],
                        latitude=data["latitude"],
                        longitude=data["longitude"],
                        venue=data["venue"],
                        place_text=data["place_text"],
                        note=data["note"],
                        photo=data["photo"],
                        contact=data["contact"],
                        address=client_address(request),
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return render(request, "plates/tip_thanks.html", {"receipt": sighting.receipt})
        return render(request, self.template, {"form": form}, status=400)


class TipStatusView(View):
    def get(self, request):
        form = forms.ReceiptForm(request.GET or None)
        tip = None
        if form.is_bound and throttle_hit(request, "plates.tip_status"):
            # Receipts are hard to guess, and this keeps anyone from trying many of them.
            context = {"form": form, "throttled": _("Too many look-ups; please try again later.")}
            return render(request, "plates/tip_status.html", context, status=429)
        if form.is_bound and form.is_valid():
            tip = Sighting.objects.filter(
                source=SightingSource.TIP, receipt=form.cleaned_data["receipt"].strip().upper()
            ).first()
            if tip is None:
                form.add_error("receipt", _("No report has this receipt number."))
        return render(request, "plates/tip_status.html", {"form": form, "tip": tip})


class SightingSearchView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "plates.view_sighting"

    def get(self, request):
        form = forms.SightingSearchForm(request.GET or None)
        results = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                results = list(
                    sightings_search(
                        user=request.user,
                        reason=data["reason"],
                        plate=data["plate"],
                        area=data["area"],
                        seen_from=data["seen_from"],
                        seen_to=data["seen_to"],
                        alert_number=data["alert_number"].strip(),
                        case_reference=data["case_reference"].strip(),
                    )
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        return render(request, "plates/sighting_search.html", {"form": form, "results": results})


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "plates.view_alert"

    def get(self, request):
        figures = dashboard_figures(user=request.user)
        figures["map_svg"] = svg_points(
            [
                (
                    p["venue__latitude"],
                    p["venue__longitude"],
                    f"{p['venue__name']}: {p['n']}",
                    p["n"],
                )
                for p in figures["points"]
            ]
        )
        return render(request, "plates/dashboard.html", figures)
