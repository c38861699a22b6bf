"""Intake: every channel stores a report as it came in; triage turns reports into incidents."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.elections.choices import SMS_CODES, Channel
from santisuk.elections.models import Election, IntakeReport, PollingStation, TrustedReporter
from santisuk.elections.services.calendar import stage_for
from santisuk.org.models import Unit
from santisuk.org.selectors import unit_for_place


def current_election(day: datetime.date | None = None) -> Election | None:
    """The election whose calendar runs on ``day`` (the nearest polling date wins), else the
    latest one."""
    day = day or timezone.localdate()
    candidates = [e for e in Election.objects.prefetch_related("stages") if stage_for(e, day)]
    if candidates:
        return min(candidates, key=lambda e: abs((e.polling_date - day).days))
    return Election.objects.order_by("-polling_date").first()


def owner_for(*, election: Election, area: Any = None) -> Unit:
    """The unit answering for a place; the election command (or the top of the hierarchy) when
    no local unit covers it or the place is unknown."""
    unit = unit_for_place(area) if area is not None else None
    if unit is None:
        unit = election.command_unit
    if unit is None:
        unit = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("path").first()
    if unit is None:
        raise ValidationError(_("No unit exists to receive reports; load the units first."))
    return unit


def coordinate(value: Any) -> Decimal | None:
    """A latitude or longitude kept to 5 decimals (about a metre); floats welcome."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.00001"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(value)s is not a coordinate.") % {"value": value}) from None


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    if digits.startswith("+855"):
        digits = "0" + digits[4:]
    elif digits.startswith("855") and len(digits) > 9:
        digits = "0" + digits[3:]
    return digits


def intake_create(
    *,
    election: Election,
    channel: str,
    text: str,
    actor: Any = None,
    received_at: datetime.datetime | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter: TrustedReporter | None = None,
    partner: Any = None,
    verified_source: bool = False,
    crime_kind: str = "",
    election_kind: str = "",
    severity: int | None = None,
    area: Any = None,
    polling_station: PollingStation | None = None,
    latitude: Any = None,
    longitude: Any = None,
    external_id: str = "",
) -> IntakeReport:
    if area is None and polling_station is not None:
        area = polling_station.commune
    report = IntakeReport(
        election=election,
        channel=channel,
        text=text,
        received_at=received_at or timezone.now(),
        reporter_name=reporter_name,
        reporter_phone=normalise_phone(reporter_phone),
        reporter=reporter,
        partner=partner,
        verified_source=verified_source,
        crime_kind=crime_kind,
        election_kind=election_kind,
        severity=severity,
        area=area,
        polling_station=polling_station,
        latitude=coordinate(latitude),
        longitude=coordinate(longitude),
        external_id=external_id,
        owner_unit=owner_for(election=election, area=area),
    )
    # Checked before the write transaction: on SQLite it holds the only write lock.
    report.full_clean()
    with transaction.atomic():
        report.save()
    return report


def sms_receive(
    *, sender: str, text: str, external_id: str = "", received_at: datetime.datetime | None = None
) -> tuple[IntakeReport, bool]:
    """Store one SMS from the gateway. A registered number's ``<code> <station> [text]`` gives a
    pre-located, pre-classified report; anything else is stored unverified. Returns the report
    and whether it was created (a resent message id gives back the stored report)."""
    if external_id:
        existing = IntakeReport.objects.filter(channel=Channel.SMS, external_id=external_id).first()
        if existing:
            return existing, False
    received_at = received_at or timezone.now()
    election = current_election(timezone.localdate(received_at))
    if election is None:
        raise ValidationError(_("No election is defined; load the reference data first."))
    phone = normalise_phone(sender)
    reporter = TrustedReporter.objects.filter(phone=phone, is_active=True).first()
    fields: dict[str, Any] = {}
    words = (text or "").split(maxsplit=2)
    if reporter is not None and len(words) >= 2 and words[0].upper() in SMS_CODES:
        crime, kind = SMS_CODES[words[0].upper()]
        station = PollingStation.objects.filter(election=election, code=words[1].upper()).first()
        station = (
            station
            or PollingStation.objects.filter(election=election, code__iexact=words[1]).first()
        )
        if station is not None:
            fields = {
                "crime_kind": crime,
                "election_kind": kind,
                "polling_station": station,
                "verified_source": True,
            }
    if reporter is not None and not fields and reporter.polling_station is not None:
        # A trusted reporter who did not use the short code is still placed at their station.
        fields = {"polling_station": reporter.polling_station, "verified_source": True}
    try:
        report = intake_create(
            election=election,
            channel=Channel.SMS,
            text=text or "",
            received_at=received_at,
            reporter_name=reporter.name if reporter else "",
            reporter_phone=phone,
            reporter=reporter,
            external_id=external_id,
            **fields,
        )
    except (IntegrityError, ValidationError):
        # The same gateway message arrived twice at once (caught by the check or by the
        # database's unique constraint): keep the first.
        first = IntakeReport.objects.filter(channel=Channel.SMS, external_id=external_id).first()
        if external_id and first is not None:
            return first, False
        raise
    return report, True


@transaction.atomic
def intake_attach(*, report: IntakeReport, incident: Any, actor: Any) -> IntakeReport:
    if report.election_id != incident.election_id:
        raise ValidationError(
            {"incident": _("The report and the incident concern different elections.")}
        )
    report.incident = incident
    report.full_clean()
    report.save()
    event_record(
        name="election_incident.report_attached",
        obj=incident,
        data={"report": report.pk},
    )
    return report
