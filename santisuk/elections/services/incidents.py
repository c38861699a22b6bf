"""The incident lifecycle: received → triaged → verified/unverified/false → assigned →
in progress → resolved with a disposition. Each step is a service writing a domain event."""

from __future__ import annotations

import datetime
import importlib.util
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.elections.choices import (
    OPEN_STATUSES,
    TRANSITIONS,
    Disposition,
    Status,
)
from santisuk.elections.models import Incident, IntakeReport
from santisuk.elections.notify import notify
from santisuk.elections.services.calendar import stage_for
from santisuk.elections.services.deadlines import deadlines, level_of
from santisuk.elections.services.intake import coordinate, owner_for
from santisuk.org.models import Unit
from santisuk.org.selectors import unit_ancestors

LOCK_MINUTES = 15


def _event(incident: Incident, verb: str, **data: Any) -> None:
    event_record(name=f"election_incident.{verb}", obj=incident, data=data or None)


def _move(incident: Incident, status: str) -> None:
    if status not in TRANSITIONS[incident.status]:
        raise ValidationError(
            {
                "status": _("An incident that is %(current)s cannot become %(next)s.")
                % {
                    "current": Status(incident.status).label,
                    "next": Status(status).label,
                }
            }
        )
    incident.status = status


def _save(incident: Incident) -> Incident:
    incident.full_clean()
    incident.save()
    return incident


def _commit(incident: Incident, verb: str, **data: Any) -> Incident:
    """Validate, then save with the step's event in one short transaction. The checks run
    before the transaction: on SQLite a write transaction holds the database's only write lock,
    and a step must hold it as briefly as it can while reports keep arriving."""
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        _event(incident, verb, **data)
    return incident


def _stage_code(incident: Incident) -> str:
    stage = stage_for(incident.election, timezone.localdate(incident.occurred_at))
    return stage.code if stage else ""


def _provisional_number() -> str:
    # Replaced by the number made from the primary key right after the insert: counting rows
    # would give two concurrent incidents the same number.
    return f"NEW-{uuid.uuid4().hex[:20]}"


def in_chain(unit: Unit, other: Unit) -> bool:
    """Whether two units are in one line of command (one contains the other)."""
    return unit.path.startswith(other.path) or other.path.startswith(unit.path)


def neutral_unit(*, concerned: Unit, election) -> Unit:
    """A command outside the chain of the unit concerned: the election command if it is not
    in that chain, else another provincial command."""
    if election.command_unit and not in_chain(election.command_unit, concerned):
        return election.command_unit
    candidates = Unit.objects.filter(is_active=True).exclude(path__startswith=concerned.path)
    candidates = candidates.exclude(pk__in=[u.pk for u in unit_ancestors(concerned)])
    preferred = candidates.filter(kind="election_command").order_by("depth", "path").first()
    chosen = preferred or candidates.filter(kind="provincial_commissariat").order_by("path").first()
    if chosen is None:
        raise ValidationError(
            {"concerned_unit": _("No command outside the chain of this unit exists to route to.")}
        )
    return chosen


def incident_create(
    *,
    election,
    title: str,
    area,
    actor: Any,
    occurred_at: datetime.datetime | None = None,
    reports: list[IntakeReport] = (),  # type: ignore[assignment]
    **fields: Any,
) -> Incident:
    """A managed incident, optionally made from intake reports (which are attached to it)."""
    for name in ("latitude", "longitude"):
        if name in fields:
            fields[name] = coordinate(fields[name])
    incident = Incident(
        election=election,
        title=title,
        area=area,
        occurred_at=occurred_at or timezone.now(),
        number=_provisional_number(),
        **fields,
    )
    incident.stage = incident.stage or _stage_code(incident)
    incident.owner_unit = owner_for(election=election, area=area)
    if incident.about_security_forces and incident.concerned_unit:
        incident.owner_unit = neutral_unit(concerned=incident.concerned_unit, election=election)
    incident.full_clean()  # before the write transaction (see _commit)
    with transaction.atomic():
        incident.save()
        incident.number = f"{election.slug.upper()}-{incident.pk:06d}"
        incident.save(update_fields=["number", "updated_at"])
        for report in reports:
            report.incident = incident
            report.full_clean()
            report.save()
        _event(incident, "created", reports=[r.pk for r in reports])
    return incident


def incident_from_report(*, report: IntakeReport, actor: Any, **overrides: Any) -> Incident:
    if report.area is None and "area" not in overrides:
        raise ValidationError({"area": _("Give the place of the incident before opening it.")})
    values = {
        "title": report.text[:200] or report.get_channel_display(),
        "description": report.text,
        "area": report.area,
        "polling_station": report.polling_station,
        "crime_kind": report.crime_kind,
        "election_kind": report.election_kind,
        "severity": report.severity or 3,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "occurred_at": report.received_at,
    }
    values.update(overrides)
    return incident_create(election=report.election, reports=[report], actor=actor, **values)


def incident_triage(
    *, incident: Incident, actor: Any, severity: int, crime_kind: str = "", election_kind: str = ""
) -> Incident:
    _move(incident, Status.TRIAGED)
    incident.severity = severity
    incident.crime_kind = crime_kind
    incident.election_kind = election_kind
    _commit(incident, "triaged", severity=severity)
    return incident


def incident_verify(*, incident: Incident, actor: Any, outcome: str) -> Incident:
    if outcome not in (Status.VERIFIED, Status.UNVERIFIED, Status.FALSE):
        raise ValidationError({"outcome": _("Choose verified, unverified or false.")})
    _move(incident, outcome)
    _commit(incident, "verified", outcome=outcome)
    return incident


def _unit_users(unit: Unit) -> list:
    from santisuk.accounts.models import User

    return list(User.objects.filter(unit=unit, is_active=True))


def _set_assignment(incident: Incident, unit: Unit, now: datetime.datetime) -> None:
    incident.assigned_unit = unit
    incident.assigned_level = level_of(unit)
    incident.assigned_at = now
    incident.acknowledged_at = None
    incident.acknowledged_by = None
    incident.ack_due_at, incident.resolve_due_at = deadlines(
        severity=incident.severity, stage=incident.stage, start=now
    )


def incident_assign(*, incident: Incident, unit: Unit, actor: Any) -> Incident:
    if (
        incident.about_security_forces
        and incident.concerned_unit
        and in_chain(unit, incident.concerned_unit)
    ):
        raise ValidationError(
            {
                "unit": _(
                    "A complaint about security forces goes to a command outside the chain "
                    "of the unit concerned (%(unit)s)."
                )
                % {"unit": incident.concerned_unit}
            }
        )
    _move(incident, Status.ASSIGNED)
    _set_assignment(incident, unit, timezone.now())
    incident.full_clean()
    recipients = _unit_users(unit)
    with transaction.atomic():
        incident.save()
        _event(incident, "assigned", unit=unit.code, level=incident.assigned_level)
        _notify_assignment(incident, unit, recipients)
    return incident


def _notify_assignment(incident: Incident, unit: Unit, recipients: list) -> None:
    notify(
        recipients=recipients,
        message=_("Incident %(number)s assigned to %(unit)s: acknowledge by %(due)s.")
        % {
            "number": incident.number,
            "unit": unit.name_en,
            "due": timezone.localtime(incident.ack_due_at).strftime("%Y-%m-%d %H:%M"),
        },
        incident=incident,
    )


def incident_acknowledge(*, incident: Incident, actor: Any) -> Incident:
    if incident.status != Status.ASSIGNED or incident.acknowledged_at:
        raise ValidationError(
            _("Only an assigned incident not yet acknowledged can be acknowledged.")
        )
    incident.acknowledged_at = timezone.now()
    incident.acknowledged_by = actor
    _commit(incident, "acknowledged")
    return incident


def incident_start(*, incident: Incident, actor: Any) -> Incident:
    if incident.acknowledged_at is None:
        raise ValidationError(_("Acknowledge the assignment before starting work on it."))
    _move(incident, Status.IN_PROGRESS)
    _commit(incident, "started")
    return incident


def incident_resolve(
    *, incident: Incident, actor: Any, disposition: str, note: str = ""
) -> Incident:
    if disposition not in Disposition.values:
        raise ValidationError({"disposition": _("Choose a disposition.")})
    _move(incident, Status.RESOLVED)
    incident.disposition = disposition
    incident.resolution_note = note
    incident.resolved_at = timezone.now()
    _commit(incident, "resolved", disposition=disposition)
    return incident


def incident_stage_correct(*, incident: Incident, actor: Any, stage: str) -> Incident:
    before = incident.stage
    incident.stage = stage
    incident.stage_corrected = True
    _commit(incident, "stage_corrected", before=before, after=stage)
    return incident


@transaction.atomic
def incident_share(*, incident: Incident, partner: Any, actor: Any) -> Incident:
    incident.shared_with.add(partner)
    _event(incident, "shared", partner=partner.name)
    return incident


# The edit lock ------------------------------------------------------------------------------


def lock_holder(incident: Incident, now: datetime.datetime | None = None):
    now = now or timezone.now()
    if incident.lock_owner_id and incident.lock_expires_at and incident.lock_expires_at > now:
        return incident.lock_owner
    return None


@transaction.atomic
def incident_lock(*, incident: Incident, actor: Any) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    holder = lock_holder(incident)
    if holder is not None and holder.pk != actor.pk:
        raise ValidationError(
            _("%(user)s is editing this incident until %(time)s.")
            % {
                "user": holder.get_full_name() or holder.username,
                "time": timezone.localtime(incident.lock_expires_at).strftime("%H:%M"),
            }
        )
    incident.lock_owner = actor
    incident.lock_expires_at = timezone.now() + datetime.timedelta(minutes=LOCK_MINUTES)
    incident.save(update_fields=["lock_owner", "lock_expires_at", "updated_at"])
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, actor: Any, **fields: Any) -> Incident:
    """Save edits made under the actor's lock, then release the lock."""
    current = Incident.objects.select_for_update().get(pk=incident.pk)
    holder = lock_holder(current)
    if holder is None or holder.pk != actor.pk:
        raise ValidationError(
            _("Your edit lock has expired or is held by someone else; open the form again.")
        )
    for key, value in fields.items():
        setattr(incident, key, value)
    if "stage" in fields and fields["stage"] != current.stage:
        incident.stage_corrected = True
    elif "occurred_at" in fields and not incident.stage_corrected:
        # A corrected time moves the automatic stage with it; a stage set by hand stays.
        incident.stage = _stage_code(incident)
    incident.lock_owner = None
    incident.lock_expires_at = None
    if incident.about_security_forces and incident.concerned_unit:
        _route_outside_chain(incident)
    _save(incident)
    _event(incident, "edited", fields=sorted(fields))
    return incident


def _route_outside_chain(incident: Incident) -> None:
    """A complaint about the conduct of security forces leaves the chain of the unit concerned:
    its owner and, if needed, its assignment move to a command outside that chain."""
    concerned = incident.concerned_unit
    if in_chain(incident.owner_unit, concerned):
        incident.owner_unit = neutral_unit(concerned=concerned, election=incident.election)
    if incident.assigned_unit and in_chain(incident.assigned_unit, concerned):
        target = neutral_unit(concerned=concerned, election=incident.election)
        _set_assignment(incident, target, timezone.now())
        _event(incident, "rerouted", to_unit=target.code)


# Cases --------------------------------------------------------------------------------------


def cases_available() -> bool:
    if importlib.util.find_spec("santisuk.cases.services") is None:
        return False
    from santisuk.cases import services

    return hasattr(services, "case_create")


# The national crime type of the cases module for each crime of an incident; a dispute or an
# unclassified incident has none and must be classified before a case is opened.
CASE_CRIME_TYPES = {
    "theft": "theft",
    "homicide": "homicide",
    "domestic_violence": "domestic_violence",
    "social_violence": "social_violence",
    "public_disorder": "public_disorder",
    "other": "other",
}


@transaction.atomic
def incident_open_case(*, incident: Incident, actor: Any) -> Any:
    """Open a criminal case (a draft) prefilled from the incident: place, date, point, narrative
    and offence; owned by the unit the incident is assigned to."""
    if not cases_available():
        raise ValidationError(
            _(
                "The cases module is not installed yet: open the case there by hand and "
                "note its number."
            )
        )
    if incident.case_id:
        raise ValidationError(_("A case is already open for this incident."))
    crime_type = CASE_CRIME_TYPES.get(incident.crime_kind)
    if crime_type is None:
        raise ValidationError(
            {"crime_kind": _("Classify the crime (theft, homicide…) before opening a case.")}
        )
    from santisuk.cases.services import case_create

    occurred = timezone.localtime(incident.occurred_at)
    case = case_create(
        owner_unit=incident.assigned_unit or incident.owner_unit,
        reported_on=timezone.localdate(),
        place=incident.area,
        offences=[{"crime_type": crime_type}],
        occurred_on=occurred.date(),
        occurred_from=incident.occurred_at,
        latitude=incident.latitude,
        longitude=incident.longitude,
        narrative=f"{incident.number}: {incident.title}\n\n{incident.description}".strip(),
        actor=actor,
    )
    incident.case_id = case.pk
    _save(incident)
    _event(incident, "case_opened", case=case.pk)
    return case


# Escalation ---------------------------------------------------------------------------------


def _escalation_target(incident: Incident) -> Unit | None:
    unit = incident.assigned_unit
    if unit is None or unit.parent_id is None:
        return None
    parent = unit.parent
    if (
        incident.about_security_forces
        and incident.concerned_unit
        and in_chain(parent, incident.concerned_unit)
    ):
        return None  # never hand a complaint back to the chain it is about
    return parent


def incidents_escalate(*, now: datetime.datetime | None = None) -> list[Incident]:
    """Escalate every assigned incident not acknowledged in time, or not resolved in time, to
    the next command level, and notify that level. Run periodically."""
    now = now or timezone.now()
    due = Incident.objects.filter(
        status__in=[Status.ASSIGNED, Status.IN_PROGRESS], assigned_unit__isnull=False
    ).select_related("assigned_unit__parent", "concerned_unit", "election")
    escalated = []
    for incident in due:
        late_ack = (
            incident.acknowledged_at is None and incident.ack_due_at and incident.ack_due_at <= now
        )
        late = incident.resolve_due_at and incident.resolve_due_at <= now
        if not (late_ack or late):
            continue
        with transaction.atomic():
            incident = Incident.objects.select_for_update().get(pk=incident.pk)
            reason = "unacknowledged" if late_ack else "overdue"
            target = _escalation_target(incident)
            previous = incident.assigned_unit
            if target is None:
                # Top of the chain: remind the same command, and push the deadline so it is
                # reminded once per period, not on every run.
                target = previous
            incident.escalations += 1
            _set_assignment(incident, target, now)
            incident.status = Status.ASSIGNED
            _save(incident)
            _event(
                incident,
                "escalated",
                reason=reason,
                from_unit=previous.code,
                to_unit=target.code,
            )
            notify(
                recipients=_unit_users(target),
                message=_(
                    "Escalated: incident %(number)s (%(reason)s at %(unit)s), severity %(sev)d."
                )
                % {
                    "number": incident.number,
                    "reason": _("not acknowledged") if reason == "unacknowledged" else _("overdue"),
                    "unit": previous.name_en,
                    "sev": incident.severity,
                },
                incident=incident,
            )
        escalated.append(incident)
    return escalated


def is_overdue(incident: Incident, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if incident.status not in OPEN_STATUSES:
        return False
    if incident.acknowledged_at is None and incident.ack_due_at and incident.ack_due_at <= now:
        return True
    return bool(incident.resolve_due_at and incident.resolve_due_at <= now)
