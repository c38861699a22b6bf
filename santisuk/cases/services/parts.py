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
from santisuk.cases.choices import CaseStatus, NoteKind, PartyRole, WorkflowState
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
    if person.birth_date:
        born = person.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if person.birth_year:
        return day.year - person.birth_year
    return None


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


@transaction.atomic
def fire_details_set(*, case: Case, actor: Any = None, **fields: Any) -> FireDetails:
    if not case.offences.filter(crime_type__code__in=("fire", "arson")).exists():
        raise ValidationError(_("Fire details belong to a case with a fire or arson offence."))
    details = FireDetails.objects.filter(case=case).first() or FireDetails(case=case)
    for name, value in fields.items():
        setattr(details, name, value)
    details.full_clean()
    details.save()
    return details


@transaction.atomic
def traffic_crash_details_set(
    *, case: Case, actor: Any = None, **fields: Any
) -> TrafficCrashDetails:
    if not case.offences.filter(crime_type__code="traffic_crash").exists():
        raise ValidationError(_("Crash details belong to a case with a traffic crash offence."))
    details = TrafficCrashDetails.objects.filter(case=case).first() or TrafficCrashDetails(
        case=case
    )
    for name, value in fields.items():
        setattr(details, name, value)
    details.full_clean()
    details.save()
    return details
