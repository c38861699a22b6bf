"""The parts of a case: people involved, arrests, seizures, fire and traffic crash details.

Arrests are recorded at any stage, approved cases included (they usually come after the report);
each one moves the case's status (see ``case_refresh``) and is a domain event.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.cases.choices import ArrestOutcome, CaseStatus, NoteKind, PartyRole, WorkflowState
from santisuk.cases.models import (
    Arrest,
    Case,
    CaseParty,
    FireDetails,
    Seizure,
    TrafficCrashDetails,
)
from santisuk.cases.services.workflow import _note, case_refresh
from santisuk.org.models import Unit
from santisuk.people.models import Person

JUVENILE_AGE = 18


def _age_on(person: Person, day: datetime.date) -> int | None:
    return age_on(person.birth_date, person.birth_year, day)


def age_on(
    birth_date: datetime.date | None, birth_year: int | None, day: datetime.date
) -> int | None:
    if birth_date:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return day.year - birth_date.year - before_birthday
    return day.year - birth_year if birth_year else None


def _case_day(case: Case) -> datetime.date:
    return case.occurred_on or case.reported_on


def _person(person: Person) -> Person:
    if person.merged_into_id:
        raise ValidationError(
            {"person": _("This record was merged into another one; use the record kept.")}
        )
    return person


@transaction.atomic
def case_party_add(
    *,
    case: Case,
    person: Person,
    role: str,
    actor: Any = None,
    relationship: str = "",
    is_juvenile: bool | None = None,
    notes: str = "",
) -> CaseParty:
    """Name a person on a case. A person under 18 on the day of the offence makes the case
    restricted. On an approved case the addition is recorded as a supplement."""
    _person(person)
    if is_juvenile is None:
        age = _age_on(person, _case_day(case))
        is_juvenile = age is not None and age < JUVENILE_AGE
    party = CaseParty.objects.filter(case=case, person=person, role=role).first()
    if party is None:
        party = CaseParty(case=case, person=person, role=role)
    party.relationship = relationship or party.relationship
    party.is_juvenile = is_juvenile
    party.notes = notes or party.notes
    party.full_clean()
    party.save()
    if case.workflow_state == WorkflowState.APPROVED and actor is not None:
        _note(
            case,
            NoteKind.SUPPLEMENT,
            _("%(role)s added: %(person)s") % {"role": party.get_role_display(), "person": person},
            actor,
        )
    case_refresh(case)
    return party


@transaction.atomic
def arrest_record(
    *,
    case: Case,
    person: Person,
    arrested_on: datetime.date,
    actor: Any = None,
    arrested_at: datetime.datetime | None = None,
    arresting_unit: Unit | None = None,
    charges: str = "",
    outcome: str = "",
    outcome_on: datetime.date | None = None,
) -> Arrest:
    """Record the arrest of a suspect. The person becomes a suspect on the case if not yet one,
    and the case is cleared by arrest (its clearance date is its first arrest)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _person(person)
    if case.status == CaseStatus.UNFOUNDED:
        raise ValidationError(
            _("This case is unfounded (not a crime); reopen it before recording an arrest.")
        )
    if arrested_on < case.reported_on - datetime.timedelta(days=366):
        raise ValidationError({"arrested_on": _("The arrest is long before the report date.")})
    if arrested_on > timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError({"arrested_on": _("The arrest date is in the future.")})
    if not CaseParty.objects.filter(case=case, person=person, role=PartyRole.SUSPECT).exists():
        case_party_add(case=case, person=person, role=PartyRole.SUSPECT)
    arrest = Arrest(
        case=case,
        person=person,
        arrested_on=arrested_on,
        arrested_at=arrested_at,
        arresting_unit=arresting_unit or case.owner_unit,
        charges=charges,
        outcome=outcome,
        outcome_on=outcome_on,
    )
    arrest.full_clean()
    arrest.save()
    case_refresh(case)
    event_record(
        name="case.arrest_recorded",
        obj=case,
        data={"reference": case.reference, "person": person.pk, "arrested_on": str(arrested_on)},
    )
    return arrest


@transaction.atomic
def arrest_remove(*, arrest: Arrest, reason: str, actor: Any) -> Case:
    """Remove an arrest recorded by mistake; the case's status follows."""
    from santisuk.cases.services.workflow import _reason

    reason = _reason(reason)
    case = arrest.case
    data = {"reference": case.reference, "person": arrest.person_id, "reason": reason}
    arrest.delete()
    _note(case, NoteKind.CORRECTION, reason, actor, {"arrest_removed": data})
    event_record(name="case.arrest_removed", obj=case, data=data)
    return case_refresh(case)


@transaction.atomic
def seizure_add(*, case: Case, kind: str, actor: Any = None, **fields: Any) -> Seizure:
    seizure = Seizure(case=case, kind=kind, **fields)
    seizure.full_clean()
    seizure.save()
    return seizure


def _details_value(value: Any) -> str:
    return "" if value is None else str(value)


def _details_set(case: Case, model: type, fields: dict, reason: str, actor: Any, name: str):
    """Create or change the fire or crash particulars of a case. While the case is a draft or
    returned they are edited freely; a submitted case waits for its review; on an approved case
    the change is a correction with its reason, kept in the case's history (as ``case_correct``
    does), except for a system import (actor None)."""
    from santisuk.cases.services.workflow import _reason

    case = Case.objects.select_for_update().get(pk=case.pk)
    correcting = case.workflow_state == WorkflowState.APPROVED and actor is not None
    if case.workflow_state == WorkflowState.SUBMITTED and actor is not None:
        raise ValidationError(
            _("This case awaits its review: it changes again once approved or returned.")
        )
    if correcting:
        reason = _reason(reason)
    unknown = set(fields) - {f.name for f in model._meta.concrete_fields} - {"case", "id"}
    if unknown:
        raise ValidationError({n: _("This field cannot be set here.") for n in sorted(unknown)})
    details = model.objects.filter(case=case).first()
    is_new = details is None
    if details is None:
        details = model(case=case)
    before = {n: None if is_new else getattr(details, n) for n in fields}
    for field, value in fields.items():
        setattr(details, field, value)
    details.full_clean()
    # Compared as values (Decimal("5") == Decimal("5.00")), kept as text in the history.
    changes = {
        n: [_details_value(before[n]), _details_value(getattr(details, n))]
        for n in fields
        if is_new or before[n] != getattr(details, n)
    }
    if correcting and not changes and not is_new:
        raise ValidationError(_("Nothing changes: the correction is the same as the record."))
    details.save()
    if correcting:
        data = {"reference": case.reference, "reason": reason, "changes": {name: changes}}
        _note(case, NoteKind.CORRECTION, reason, actor, {"changes": {name: changes}})
        event_record(name="case.corrected", obj=case, data=data)
    return details


@transaction.atomic
def fire_details_set(
    *, case: Case, actor: Any = None, reason: str = "", **fields: Any
) -> FireDetails:
    """Record or change the particulars of a fire (cause, losses, value saved, people rescued,
    deaths, injuries). On an approved case this is a correction and needs a reason."""
    if not case.offences.filter(crime_type__code__in=("fire", "arson")).exists():
        raise ValidationError(_("Fire details belong to a case with a fire or arson offence."))
    return _details_set(case, FireDetails, fields, reason, actor, "fire")


@transaction.atomic
def traffic_crash_details_set(
    *, case: Case, actor: Any = None, reason: str = "", **fields: Any
) -> TrafficCrashDetails:
    """Record or change the particulars of a traffic crash. On an approved case this is a
    correction and needs a reason."""
    if not case.offences.filter(crime_type__code="traffic_crash").exists():
        raise ValidationError(_("Crash details belong to a case with a traffic crash offence."))
    return _details_set(case, TrafficCrashDetails, fields, reason, actor, "traffic_crash")


@transaction.atomic
def arrest_outcome_set(
    *,
    arrest: Arrest,
    outcome: str,
    outcome_on: datetime.date | None,
    note: str,
    actor: Any,
    reason: str = "",
) -> Arrest:
    """Record what followed an arrest (sent to court, released, transferred) after the arrest
    itself was recorded, with the day and a note. On an approved case this is a correction and
    needs a reason. Any arrest clears the case, whatever followed it, so the status still
    follows the arrests (``case_refresh``)."""
    from santisuk.cases.services.workflow import _reason

    case = Case.objects.select_for_update().get(pk=arrest.case_id)
    arrest = Arrest.objects.select_for_update().get(pk=arrest.pk)
    correcting = case.workflow_state == WorkflowState.APPROVED
    note = _reason(note, "note")
    if correcting:
        reason = _reason(reason)
    if outcome not in ArrestOutcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if outcome and outcome_on is None:
        raise ValidationError({"outcome_on": _("Give the day on which this followed.")})
    if not outcome and outcome_on is not None:
        raise ValidationError(
            {"outcome_on": _("A day is given only once something followed the arrest.")}
        )
    if outcome_on is not None and outcome_on < arrest.arrested_on:
        raise ValidationError(
            {
                "outcome_on": _("What followed the arrest is on or after the arrest date (%(d)s).")
                % {"d": arrest.arrested_on.isoformat()}
            }
        )
    if outcome_on is not None and outcome_on > timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError({"outcome_on": _("This date is in the future.")})
    before = [arrest.outcome, _details_value(arrest.outcome_on)]
    after = [outcome, _details_value(outcome_on)]
    if before == after:
        raise ValidationError(_("Nothing changes: this is what the record already says."))
    arrest.outcome = outcome
    arrest.outcome_on = outcome_on
    arrest.full_clean()
    arrest.save()
    label = arrest.get_outcome_display()
    summary = _("Arrest of %(person)s on %(day)s: %(outcome)s") % {
        "person": arrest.person,
        "day": arrest.arrested_on.isoformat(),
        "outcome": f"{label} ({outcome_on.isoformat()})" if outcome_on else label,
    }
    data = {
        "arrest": arrest.pk,
        "person": arrest.person_id,
        "changes": {"outcome": [before[0], after[0]], "outcome_on": [before[1], after[1]]},
        "note": note,
    }
    if correcting:
        _note(case, NoteKind.CORRECTION, f"{reason} — {summary}. {note}", actor, data)
    else:
        _note(case, NoteKind.SUPPLEMENT, f"{summary}. {note}", actor, data)
    event_record(
        name="case.arrest_outcome_set",
        obj=case,
        data={"reference": case.reference, "reason": reason, **data},
    )
    case_refresh(case)
    arrest.refresh_from_db()
    return arrest
