"""A case's life: draft → submitted → approved (or returned and resubmitted); after approval a
record changes only through a supplement or a correction with a reason; transfers between units.

The status follows the arrests: a case with at least one arrested suspect is cleared by arrest
("cracked down"), and the date of its first arrest is its clearance date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.cases.choices import (
    EDITABLE_STATES,
    CaseStatus,
    NoteKind,
    WorkflowState,
)
from santisuk.cases.models import Case, CaseNote, CrimeType, Offence
from santisuk.geo.models import Area
from santisuk.org.models import Unit

MIN_REASON_LENGTH = 5

# Fields a form or a correction may set directly; the rest follow from the services.
CASE_FIELDS = (
    "reported_on",
    "reported_at",
    "occurred_on",
    "occurred_from",
    "occurred_to",
    "place",
    "latitude",
    "longitude",
    "narrative",
    "marked_restricted",
)


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {field: _("Give a reason of at least %(n)d characters.") % {"n": MIN_REASON_LENGTH}}
        )
    return reason


def _note(case: Case, kind: str, text: str = "", actor: Any = None, data=None) -> CaseNote:
    note = CaseNote(
        case=case,
        kind=kind,
        text=text,
        author=actor if getattr(actor, "pk", None) else None,
        data=data or {},
    )
    note.full_clean()
    note.save()
    return note


def _check_may(actor: Any, case: Case, action: str, message: str) -> None:
    """The actor may do ``action`` on this case (permission and scope); a system import
    (actor None) may do anything."""
    if actor is None:
        return
    if not Case.objects.restrict(actor, action).filter(pk=case.pk).exists():
        raise PermissionDenied(message)


def _province_of(place: Area | None) -> Area | None:
    if place is None:
        return None
    if place.level == "province":
        return place
    return place.province


def _next_reference(unit: Unit, year: int) -> str:
    prefix = f"{unit.code}/{year}/"
    count = Case.objects.filter(reference__startswith=prefix).count()
    while True:
        count += 1
        reference = f"{prefix}{count:05d}"
        if not Case.objects.filter(reference=reference).exists():
            return reference


def _is_juvenile_case(case: Case) -> bool:
    return case.parties.filter(is_juvenile=True).exists()


def case_refresh(case: Case) -> Case:
    """Recompute what follows from other data: the province of the place, whether the case is
    restricted, and the status and clearance date from the arrests."""
    changed = []
    province = _province_of(case.place)
    if case.province_id != (province.pk if province else None):
        case.province = province
        changed.append("province")
    restricted = (
        case.marked_restricted
        or case.offences.filter(crime_type__is_restricted=True).exists()
        or _is_juvenile_case(case)
    )
    if case.is_restricted != restricted:
        case.is_restricted = restricted
        changed.append("is_restricted")
    first_arrest = case.arrests.aggregate(first=Min("arrested_on"))["first"]
    if first_arrest is not None and case.status != CaseStatus.UNFOUNDED:
        if case.status != CaseStatus.CLEARED_BY_ARREST:
            case.status = CaseStatus.CLEARED_BY_ARREST
            case.exceptional_reason = ""
            changed += ["status", "exceptional_reason"]
        if case.cleared_on is None:
            case.cleared_on = first_arrest
            changed.append("cleared_on")
    elif first_arrest is None and case.status == CaseStatus.CLEARED_BY_ARREST:
        case.status = CaseStatus.OPEN
        case.cleared_on = None
        changed += ["status", "cleared_on"]
    if changed:
        case.full_clean()
        case.save(update_fields=[*set(changed), "updated_at"])
    return case


def _set_offences(case: Case, offences: Iterable[Mapping[str, Any]]) -> None:
    wanted: dict[int, bool] = {}
    for index, data in enumerate(offences):
        crime_type = data.get("crime_type")
        if isinstance(crime_type, str):
            crime_type = CrimeType.objects.filter(code=crime_type).first()
        if not isinstance(crime_type, CrimeType):
            raise ValidationError({f"offences[{index}].crime_type": _("Unknown crime type.")})
        if crime_type.pk in wanted:
            raise ValidationError(
                {f"offences[{index}].crime_type": _("This crime type is already on the case.")}
            )
        wanted[crime_type.pk] = bool(data.get("attempted", False))
    if not wanted:
        raise ValidationError({"offences": _("A case has at least one offence.")})
    case.offences.exclude(crime_type_id__in=wanted).delete()
    existing = {o.crime_type_id: o for o in case.offences.all()}
    for crime_type_id, attempted in wanted.items():
        offence = existing.get(crime_type_id)
        if offence is None:
            offence = Offence(case=case, crime_type_id=crime_type_id, attempted=attempted)
        elif offence.attempted == attempted:
            continue
        offence.attempted = attempted
        offence.full_clean()
        offence.save()


def _check_status(
    case: Case, status: str, exceptional_reason: str, cleared_on: datetime.date | None
) -> None:
    has_arrests = case.pk is not None and case.arrests.exists()
    if status == CaseStatus.CLEARED_BY_ARREST and not has_arrests:
        raise ValidationError(
            {"status": _("A case is cleared by arrest when a suspect's arrest is recorded on it.")}
        )
    if has_arrests and status not in (CaseStatus.CLEARED_BY_ARREST, CaseStatus.UNFOUNDED):
        raise ValidationError(
            {"status": _("A suspect has been arrested in this case: it is cleared by arrest.")}
        )
    if status == CaseStatus.CLEARED_EXCEPTIONALLY and not exceptional_reason:
        raise ValidationError(
            {"exceptional_reason": _("A case cleared exceptionally needs its reason.")}
        )
    if status != CaseStatus.CLEARED_EXCEPTIONALLY and exceptional_reason:
        raise ValidationError(
            {"exceptional_reason": _("A reason is given only for an exceptional clearance.")}
        )
    if cleared_on and status not in (
        CaseStatus.CLEARED_BY_ARREST,
        CaseStatus.CLEARED_EXCEPTIONALLY,
    ):
        raise ValidationError({"cleared_on": _("Only a cleared case has a clearance date.")})
    if cleared_on and cleared_on < case.reported_on:
        raise ValidationError({"cleared_on": _("A case is cleared on or after its report date.")})


@transaction.atomic
def case_create(
    *,
    owner_unit: Unit,
    reported_on: datetime.date,
    place: Area,
    offences: Iterable[Mapping[str, Any]],
    reference: str = "",
    status: str = CaseStatus.OPEN,
    exceptional_reason: str = "",
    cleared_on: datetime.date | None = None,
    investigators: Iterable[Any] = (),
    workflow_state: str = WorkflowState.DRAFT,
    actor: Any = None,
    **fields: Any,
) -> Case:
    """Record a case. ``status`` may be set here only to a status that does not need arrests
    (arrests come with ``arrest_record``); ``workflow_state`` other than draft is for imports of
    records already approved by the records unit."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    case = Case(
        owner_unit=owner_unit,
        reported_on=reported_on,
        place=place,
        reference=(reference or "").strip() or _next_reference(owner_unit, reported_on.year),
        status=status if status != CaseStatus.CLEARED_BY_ARREST else CaseStatus.OPEN,
        exceptional_reason=exceptional_reason or "",
        cleared_on=cleared_on if status != CaseStatus.CLEARED_BY_ARREST else None,
        workflow_state=workflow_state,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    if status != CaseStatus.CLEARED_BY_ARREST:
        _check_status(case, status, exceptional_reason or "", cleared_on)
    if workflow_state == WorkflowState.APPROVED:
        case.approved_at = timezone.now()
        case.approved_by = case.created_by
    case.full_clean()
    case.save()
    _set_offences(case, offences)
    if investigators:
        case.investigators.set(investigators)
    return case_refresh(case)


@transaction.atomic
def case_update(
    *,
    case: Case,
    actor: Any = None,
    offences: Iterable[Mapping[str, Any]] | None = None,
    investigators: Iterable[Any] | None = None,
    **fields: Any,
) -> Case:
    """Edit a draft or returned case. An approved case changes only through ``case_correct``
    or ``case_supplement``; a submitted one waits for its review."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.workflow_state not in EDITABLE_STATES:
        raise ValidationError(
            _(
                "This case is %(state)s: it can no longer be edited; an approved case changes "
                "through a supplement or a correction with a reason."
            )
            % {"state": case.get_workflow_state_display().lower()}
        )
    return _apply(case, fields, offences, investigators)


def _apply(case: Case, fields, offences, investigators) -> Case:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in fields.items():
        setattr(case, name, value)
    case.full_clean()
    case.save()
    if offences is not None:
        _set_offences(case, offences)
    if investigators is not None:
        case.investigators.set(investigators)
    return case_refresh(case)


@transaction.atomic
def case_submit(*, case: Case, actor: Any) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.workflow_state not in EDITABLE_STATES:
        raise ValidationError(_("Only a draft or a returned case can be submitted."))
    if not case.offences.exists():
        raise ValidationError({"offences": _("A case has at least one offence.")})
    case.workflow_state = WorkflowState.SUBMITTED
    case.submitted_at = timezone.now()
    case.full_clean()
    case.save()
    _note(case, NoteKind.SUBMITTED, actor=actor)
    event_record(name="case.submitted", obj=case, data={"reference": case.reference})
    return case


@transaction.atomic
def case_approve(*, case: Case, actor: Any) -> Case:
    """A unit chief or a records clerk (``cases.approve_case``) within their scope approves a
    submitted case; from then on it counts in the statistics."""
    _check_may(actor, case, "approve", _("You may not approve this case."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.workflow_state != WorkflowState.SUBMITTED:
        raise ValidationError(_("Only a submitted case can be approved."))
    case.workflow_state = WorkflowState.APPROVED
    case.approved_at = timezone.now()
    case.approved_by = actor
    case.full_clean()
    case.save()
    _note(case, NoteKind.APPROVED, actor=actor)
    event_record(name="case.approved", obj=case, data={"reference": case.reference})
    return case


@transaction.atomic
def case_return(*, case: Case, comments: str, actor: Any) -> Case:
    _check_may(actor, case, "approve", _("You may not review this case."))
    comments = _reason(comments, "comments")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.workflow_state != WorkflowState.SUBMITTED:
        raise ValidationError(_("Only a submitted case can be returned."))
    case.workflow_state = WorkflowState.RETURNED
    case.full_clean()
    case.save()
    _note(case, NoteKind.RETURNED, comments, actor)
    event_record(
        name="case.returned", obj=case, data={"reference": case.reference, "comments": comments}
    )
    return case


def _require_approved(case: Case) -> None:
    if case.workflow_state != WorkflowState.APPROVED:
        raise ValidationError(
            _("Supplements and corrections are for approved cases; edit this one directly.")
        )


@transaction.atomic
def case_supplement(*, case: Case, text: str, actor: Any) -> CaseNote:
    """New information on an approved case, added to its history without changing what was
    approved."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_approved(case)
    text = _reason(text, "text")
    note = _note(case, NoteKind.SUPPLEMENT, text, actor)
    event_record(name="case.supplemented", obj=case, data={"reference": case.reference})
    return note


@transaction.atomic
def case_correct(
    *,
    case: Case,
    reason: str,
    actor: Any,
    offences: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Case:
    """Correct an approved case; the reason and what changed are kept in its history."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_approved(case)
    reason = _reason(reason)
    before = {name: str(getattr(case, name)) for name in fields}
    if offences is not None:
        offences = list(offences)
        before["offences"] = sorted(case.offences.values_list("crime_type__code", flat=True))
    _apply(case, fields, offences, None)
    after = {name: str(getattr(case, name)) for name in fields}
    if offences is not None:
        after["offences"] = sorted(case.offences.values_list("crime_type__code", flat=True))
    changes = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    if not changes:
        raise ValidationError(_("Nothing changes: the correction is the same as the record."))
    _note(case, NoteKind.CORRECTION, reason, actor, {"changes": changes})
    event_record(
        name="case.corrected",
        obj=case,
        data={"reference": case.reference, "reason": reason, "changes": changes},
    )
    return case


@transaction.atomic
def case_status_set(
    *,
    case: Case,
    status: str,
    actor: Any,
    exceptional_reason: str = "",
    cleared_on: datetime.date | None = None,
    reason: str = "",
) -> Case:
    """Set a status by hand: open, cleared exceptionally (with its reason), unfounded or closed.
    "Cleared by arrest" follows the arrests and is not set here. On an approved case this is a
    correction and needs a reason."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status == CaseStatus.CLEARED_BY_ARREST:
        raise ValidationError(
            {"status": _("Record the arrest: the case is then cleared by arrest.")}
        )
    if status not in CaseStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if case.workflow_state == WorkflowState.APPROVED:
        reason = _reason(reason)
    if status == CaseStatus.CLEARED_EXCEPTIONALLY and cleared_on is None:
        cleared_on = timezone.localdate()
    _check_status(case, status, exceptional_reason, cleared_on)
    before = case.status
    case.status = status
    case.exceptional_reason = exceptional_reason
    case.cleared_on = cleared_on
    case.full_clean()
    case.save()
    _note(case, NoteKind.STATUS, reason, actor, {"from": before, "to": status})
    event_record(
        name="case.status_changed",
        obj=case,
        data={"reference": case.reference, "from": before, "to": status, "reason": reason},
    )
    return case


@transaction.atomic
def case_transfer(*, case: Case, to_unit: Unit, reason: str, actor: Any) -> Case:
    """Hand a case to another unit, which owns it from then on."""
    _check_may(actor, case, "transfer", _("You may not transfer this case."))
    reason = _reason(reason)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if to_unit.pk == case.owner_unit_id:
        raise ValidationError({"to_unit": _("The case already belongs to this unit.")})
    if not to_unit.is_active:
        raise ValidationError({"to_unit": _("This unit is no longer active.")})
    from_unit = case.owner_unit
    case.owner_unit = to_unit
    case.full_clean()
    case.save()
    data = {
        "reference": case.reference,
        "from_unit": from_unit.code,
        "to_unit": to_unit.code,
        "reason": reason,
    }
    _note(case, NoteKind.TRANSFER, reason, actor, data)
    event_record(name="case.transferred", obj=case, data=data)
    return case
