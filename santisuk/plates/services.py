"""Workflows of the plates module: registering plates and vehicles, recording sightings from
patrols and citizens, and handling alerts through to a cancellation with its tax assessment.
Every function is one transaction and writes its audit event."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.core.throttle import client_key
from santisuk.plates.choices import (
    AlertStatus,
    Classification,
    Outcome,
    PlateStatus,
    SightingSource,
    TipStatus,
)
from santisuk.plates.models import (
    Alert,
    AlertNote,
    Plate,
    PlateAssignment,
    Sighting,
    Tariff,
    TaxAssessment,
    TravelOrder,
    Vehicle,
    VehiclePhoto,
)
from santisuk.plates.normalise import normalise_plate

# --- registry ------------------------------------------------------------------------------------


@transaction.atomic
def plate_register(
    *,
    number: str,
    unit,
    vehicle=None,
    officer=None,
    status=PlateStatus.ACTIVE,
    issued_on: datetime.date | None = None,
    actor=None,
) -> Plate:
    plate = Plate(
        number=number.strip(),
        unit=unit,
        vehicle=vehicle,
        officer=officer,
        status=status,
        issued_on=issued_on,
    )
    plate.full_clean()
    plate.save()
    _assignment_open(plate)
    event_record(
        name="plate.registered", obj=plate, data={"number": plate.number, "unit": unit.code}
    )
    return plate


def _assignment_open(plate: Plate) -> None:
    PlateAssignment.objects.filter(plate=plate, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    assignment = PlateAssignment(
        plate=plate,
        unit=plate.unit,
        vehicle=plate.vehicle,
        officer=plate.officer,
        started_at=timezone.now(),
    )
    assignment.full_clean()
    assignment.save()


def assignment_changed(plate: Plate) -> bool:
    current = plate.assignments.filter(ended_at__isnull=True).first()
    return current is None or (current.unit_id, current.vehicle_id, current.officer_id) != (
        plate.unit_id,
        plate.vehicle_id,
        plate.officer_id,
    )


@transaction.atomic
def plate_update(*, plate: Plate, actor=None, **changes: Any) -> Plate:
    """Change a plate; a new holder (unit, vehicle or officer) opens a new assignment period."""
    old_status = Plate.objects.filter(pk=plate.pk).values_list("status", flat=True).first()
    for name, value in changes.items():
        setattr(plate, name, value)
    if plate.status != old_status:
        plate.status_changed_on = timezone.localdate()
    plate.full_clean()
    plate.save()
    if assignment_changed(plate):
        _assignment_open(plate)
        event_record(
            name="plate.reassigned",
            obj=plate,
            data={
                "unit": plate.unit.code,
                "vehicle": plate.vehicle_id,
                "officer": plate.officer_id,
            },
        )
    if plate.status != old_status:
        event_record(
            name="plate.status_changed", obj=plate, data={"from": old_status, "to": plate.status}
        )
    return plate


@transaction.atomic
def travel_order_create(
    *, plate: Plate, province, valid_from, valid_to, reference: str, actor=None
) -> TravelOrder:
    order = TravelOrder(
        plate=plate,
        province=province,
        valid_from=valid_from,
        valid_to=valid_to,
        reference=reference,
    )
    order.full_clean()
    order.save()
    event_record(
        name="plate.travel_order_recorded",
        obj=order,
        data={"plate": plate.number, "province": province.code},
    )
    return order


@transaction.atomic
def vehicle_photo_add(*, vehicle: Vehicle, image, caption: str = "", actor=None) -> VehiclePhoto:
    photo = VehiclePhoto(vehicle=vehicle, image=image, caption=caption)
    photo.full_clean()
    photo.save()
    event_record(name="vehicle.photo_added", obj=vehicle, data={"photo": photo.pk})
    return photo


# --- sightings from people ------------------------------------------------------------------------


def _receipt() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone
    return "T-" + "".join(secrets.choice(alphabet) for _ in range(8))


@transaction.atomic
def sighting_record(
    *,
    source: str,
    plate_text: str,
    captured_at: datetime.datetime,
    latitude: float | None = None,
    longitude: float | None = None,
    venue=None,
    area=None,
    place_text: str = "",
    note: str = "",
    photo=None,
    contact: str = "",
    address: str | None = None,
    actor=None,
) -> Sighting:
    """A sighting reported by a patrol officer or a citizen. Alerts follow its commit."""
    normalised = normalise_plate(plate_text)
    if not normalised:
        raise ValidationError({"plate_text": _("A plate number needs letters or digits.")})
    # The reporter is the "device": two citizens reporting the same car are two reports.
    if actor is not None and actor.is_authenticated:
        device = f"user:{actor.pk}"
    else:
        device = f"{source}:{client_key(address)[:16]}"
    sighting = Sighting(
        source=source,
        device_id=device,
        captured_at=captured_at,
        plate_text=plate_text.strip(),
        plate_normalised=normalised,
        latitude=latitude,
        longitude=longitude,
        venue=venue,
        venue_name=venue.name if venue else "",
        area=area or (venue.location if venue else None),
        place_text=place_text,
        note=note,
        contact=contact,
        reported_by=actor if actor is not None and actor.is_authenticated else None,
    )
    sighting.plate = Plate.objects.filter(normalised=normalised).first()
    if venue is None and latitude is not None and longitude is not None:
        from santisuk.plates.ingest import venue_index

        point = venue_index().at(latitude, longitude)
        if point is not None:
            sighting.venue_id, sighting.venue_name = point.pk, point.name
            sighting.area_id = sighting.area_id or point.area_id
    sighting.rules_checked = sighting.plate is None
    if source == SightingSource.TIP:
        sighting.receipt, sighting.tip_status = _receipt(), TipStatus.RECEIVED
        sighting.submitter_hash = client_key(address)
    if photo:
        sighting.photo = photo
    if Sighting.objects.filter(
        captured_at=captured_at, device_id=device, plate_normalised=normalised
    ).exists():
        raise ValidationError(_("This sighting has already been reported."))
    sighting.full_clean(exclude=["plate", "venue", "area", "reported_by"])
    sighting.save()
    event_record(
        name=f"sighting.{source}_reported",
        obj=sighting,
        data={"plate_text": sighting.plate_text, "receipt": sighting.receipt},
    )
    ids = [sighting.pk]

    def check() -> None:
        from santisuk.plates.rules import sightings_check

        raised = sightings_check(ids)
        if raised and source == SightingSource.TIP:
            Sighting.objects.filter(pk__in=ids).update(tip_status=TipStatus.UNDER_REVIEW)

    # "As soon as the sighting is committed": the rules run right after this transaction.
    transaction.on_commit(check)
    return sighting


# --- alert handling -------------------------------------------------------------------------


def _require_open(alert: Alert) -> None:
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_("This alert is closed."))


@transaction.atomic
def alert_note_add(*, alert: Alert, text: str, attachment=None, actor) -> AlertNote:
    note = AlertNote(alert=alert, author=actor, text=text)
    if attachment:
        note.attachment = attachment
    note.full_clean()
    note.save()
    event_record(name="plate.alert_note_added", obj=alert, data={"note": note.pk})
    return note


@transaction.atomic
def alert_explanation_record(*, alert: Alert, explanation: str, actor) -> Alert:
    _require_open(alert)
    if not explanation.strip():
        raise ValidationError({"explanation": _("Write the holder's explanation.")})
    alert.explanation = explanation.strip()
    alert.status = AlertStatus.EXPLANATION
    alert.full_clean()
    alert.save()
    event_record(
        name="plate.alert_explanation_recorded", obj=alert, data={"explanation": alert.explanation}
    )
    return alert


@transaction.atomic
def alert_decide(
    *, alert: Alert, outcome: str, actor, note: str = "", case_reference: str = ""
) -> Alert:
    """Unfounded and warning close the alert; suspend suspends the plate and closes it; cancel
    proposes the cancellation, which a second person approves."""
    _require_open(alert)
    if alert.status == AlertStatus.CANCELLATION_PENDING:
        raise ValidationError(_("A cancellation is awaiting approval; approve or reject it first."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose one of the outcomes.")})
    if case_reference:
        alert.case_reference = case_reference
    if note:
        alert_note_add(alert=alert, text=note, actor=actor)
    if outcome == Outcome.CANCEL:
        alert.status = AlertStatus.CANCELLATION_PENDING
        alert.cancellation_requested_by = actor
        alert.full_clean()
        alert.save()
        event_record(
            name="plate.cancellation_proposed", obj=alert, data={"plate": alert.plate.number}
        )
        return alert
    if outcome == Outcome.SUSPEND:
        plate_update(plate=alert.plate, status=PlateStatus.SUSPENDED, actor=actor)
    alert.outcome = outcome
    alert.status = AlertStatus.CLOSED
    alert.closed_at = timezone.now()
    alert.full_clean()
    alert.save()
    event_record(
        name="plate.alert_decided",
        obj=alert,
        data={"outcome": outcome, "plate": alert.plate.number},
    )
    return alert


@transaction.atomic
def alert_cancellation_reject(*, alert: Alert, actor, reason: str) -> Alert:
    if alert.status != AlertStatus.CANCELLATION_PENDING:
        raise ValidationError(_("No cancellation is awaiting approval on this alert."))
    alert.status = AlertStatus.OPEN
    alert.cancellation_requested_by = None
    alert.save()
    alert_note_add(alert=alert, text=reason or _("Cancellation not approved."), actor=actor)
    event_record(name="plate.cancellation_rejected", obj=alert, data={"reason": reason})
    return alert


def tariff_for(vehicle: Vehicle) -> Tariff | None:
    cc = vehicle.engine_cc or 0
    return (
        Tariff.objects.filter(vehicle_type=vehicle.vehicle_type, engine_cc_min__lte=cc)
        .filter(Q(engine_cc_max__isnull=True) | Q(engine_cc_max__gte=cc))
        .order_by("-engine_cc_min")
        .first()
    )


@transaction.atomic
def alert_cancellation_approve(*, alert: Alert, actor) -> TaxAssessment:
    """The second person approves: the plate is cancelled, its vehicle becomes a civilian
    vehicle, and a tax assessment from the tariff is issued."""
    if alert.status != AlertStatus.CANCELLATION_PENDING:
        raise ValidationError(_("No cancellation is awaiting approval on this alert."))
    if alert.cancellation_requested_by_id == actor.pk:
        raise PermissionDenied(_("A cancellation must be approved by a second person."))
    plate = alert.plate
    vehicle = plate.vehicle
    if vehicle is None:
        raise ValidationError(_("The plate has no vehicle recorded; record it before cancelling."))
    tariff = tariff_for(vehicle)
    if tariff is None:
        raise ValidationError(
            _("No tariff covers a %(type)s of %(cc)s cc; add one under Tax tariffs.")
            % {"type": vehicle.get_vehicle_type_display(), "cc": vehicle.engine_cc or 0}
        )
    plate_update(plate=plate, status=PlateStatus.CANCELLED, actor=actor)
    vehicle.classification = Classification.CIVILIAN
    vehicle.full_clean()
    vehicle.save()
    event_record(name="vehicle.reclassified_civilian", obj=vehicle, data={"plate": plate.number})
    alert.cancellation_approved_by = actor
    alert.outcome = Outcome.CANCEL
    alert.status = AlertStatus.CLOSED
    alert.closed_at = timezone.now()
    alert.full_clean()
    alert.save()
    assessment = TaxAssessment(
        number=f"tmp-{secrets.token_hex(6)}",
        alert=alert,
        vehicle=vehicle,
        plate=plate,
        unit=alert.unit,
        tariff=tariff,
        amount_khr=tariff.amount_khr,
        assessed_on=timezone.localdate(),
    )
    assessment.full_clean()
    assessment.save()
    assessment.number = f"TX-{assessment.assessed_on:%Y}-{assessment.pk:06d}"
    assessment.save(update_fields=["number", "updated_at"])
    event_record(
        name="plate.cancelled",
        obj=alert,
        data={
            "plate": plate.number,
            "approved_by": actor.get_username(),
            "proposed_by": alert.cancellation_requested_by.get_username(),
            "assessment": assessment.number,
            "amount_khr": assessment.amount_khr,
        },
    )
    return assessment
