"""Demo election security data for ``santisuk demo_data``: polling stations in Phnom Penh and
Siem Reap for the 2024 council elections and about twenty incidents over its stages, taken
through the real incident lifecycle (create, triage, verify, assign, acknowledge, start,
resolve) so the dashboard, the map and the lists have something to show. Deterministic for a
seed; a second run adds nothing."""

from __future__ import annotations

import datetime
import io
import random
import zoneinfo
from typing import Any

from django.conf import settings

from santisuk.elections.choices import CrimeKind, Disposition, ElectionIncidentKind, Status
from santisuk.elections.imports import PollingStationImporter
from santisuk.elections.models import Election, Incident, PollingStation
from santisuk.elections.services import (
    incident_acknowledge,
    incident_assign,
    incident_create,
    incident_resolve,
    incident_start,
    incident_triage,
    incident_verify,
)
from santisuk.geo.models import Area
from santisuk.org.models import Unit

# The election the dashboard opens on when none is running: the latest one.
ELECTION = "councils-2024"
INCIDENTS = 20
# Province code → (stations to place, a central point for their positions).
PROVINCES = {"12": (4, 11.5564, 104.9282), "17": (3, 13.3633, 103.8564)}
# (title, crime kind, election-specific kind, usual severity)
KINDS = [
    ("Threats against a party activist", "", ElectionIncidentKind.INTIMIDATION, 3),
    ("Campaign rally blocked on the road", "", ElectionIncidentKind.OBSTRUCTION, 2),
    (
        "Scuffle between supporters of two parties",
        CrimeKind.PUBLIC_DISORDER,
        ElectionIncidentKind.CLASH,
        3,
    ),
    ("Party posters torn down overnight", "", ElectionIncidentKind.DESTRUCTION, 1),
    ("Crowd gathered at a polling station", "", ElectionIncidentKind.POLLING_DISRUPTION, 4),
    ("Report of cash offered for votes", "", ElectionIncidentKind.VOTE_BUYING, 3),
    ("Motorbike stolen near the commune office", CrimeKind.THEFT, "", 2),
    ("Dispute over a campaign banner", CrimeKind.DISPUTE, ElectionIncidentKind.OTHER, 1),
    ("Fight outside a campaign meeting", CrimeKind.SOCIAL_VIOLENCE, ElectionIncidentKind.CLASH, 4),
    ("Rumour of a plan to disrupt the count", "", ElectionIncidentKind.PLOT, 5),
]
# Where each incident ends up: resolved with a disposition, or left open at a step.
OUTCOMES = [
    ("resolved", Disposition.FOUNDED),
    ("resolved", Disposition.UNFOUNDED),
    ("resolved", Disposition.REFERRED),
    ("resolved", Disposition.NO_ACTION),
    ("in_progress", ""),
    ("assigned", ""),
    ("acknowledged", ""),
    ("false", ""),
    ("triaged", ""),
]


def _stations(election: Election, rng: random.Random) -> list[PollingStation]:
    lines = ["election,code,name_en,name_km,commune,latitude,longitude"]
    for province, (count, lat, lon) in PROVINCES.items():
        communes = list(
            Area.objects.filter(level="commune", valid_to__isnull=True, code__startswith=province)
            .order_by("code")
            .values_list("code", "name_en")[:count]
        )
        for number, (code, name) in enumerate(communes, 1):
            lines.append(
                ",".join(
                    [
                        ELECTION,
                        f"{province}-{number:03d}",
                        f"{name} commune office",
                        "",
                        code,
                        f"{lat + rng.uniform(-0.03, 0.03):.5f}",
                        f"{lon + rng.uniform(-0.03, 0.03):.5f}",
                    ]
                )
            )
    if len(lines) > 1:
        # The polling-station import is how stations enter the system.
        PollingStationImporter().run(io.StringIO("\n".join(lines) + "\n"))
    return list(PollingStation.objects.filter(election=election).select_related("commune"))


def _day_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _province_unit(area: Area) -> Unit | None:
    return (
        Unit.objects.filter(is_active=True, province_id=area.province_id, parent__province=None)
        .order_by("path")
        .first()
    )


def _run_lifecycle(
    incident: Incident,
    *,
    outcome: str,
    disposition: str,
    severity: int,
    crime: str,
    kind: str,
    rng: random.Random,
    actor: Any,
) -> None:
    incident_triage(
        incident=incident, actor=actor, severity=severity, crime_kind=crime, election_kind=kind
    )
    if outcome == "triaged":
        return
    if outcome == "false":
        incident_verify(incident=incident, actor=actor, outcome=Status.FALSE)
        return
    verified = Status.VERIFIED if rng.random() < 0.7 else Status.UNVERIFIED
    incident_verify(incident=incident, actor=actor, outcome=verified)
    # Serious incidents go to the provincial command, the others to the local unit.
    unit = (_province_unit(incident.area) if severity >= 4 else None) or incident.owner_unit
    incident_assign(incident=incident, unit=unit, actor=actor)
    if outcome == "assigned":
        return
    incident_acknowledge(incident=incident, actor=actor)
    if outcome == "acknowledged":
        return
    incident_start(incident=incident, actor=actor)
    if outcome == "in_progress":
        return
    incident_resolve(
        incident=incident,
        actor=actor,
        disposition=disposition,
        note="Handled by the local command; parties informed.",
    )


def demo_elections(*, seed: int = 1, stdout: Any = None) -> int:
    """Create the demo stations and incidents; returns how many incidents were created."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    from santisuk.accounts.models import User

    election = Election.objects.filter(slug=ELECTION).prefetch_related("stages").first()
    if election is None:
        say(f"Elections: no election {ELECTION} (run santisuk load_reference); nothing added.")
        return 0
    if Incident.objects.filter(election=election).exists():
        say(f"Elections: {ELECTION} already has incidents; nothing added.")
        return 0
    rng = random.Random(f"santisuk-demo-elections:{seed}")
    stations = _stations(election, rng)
    if not stations:
        say("Elections: no Phnom Penh or Siem Reap commune in the gazetteer; nothing added.")
        return 0
    users = {
        u.username: u for u in User.objects.filter(username__in=["pp.chief", "national.admin"])
    }
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    stages = sorted(election.stages.all(), key=lambda s: s.start_date)
    last_day = election.polling_date + datetime.timedelta(days=30)
    created = 0
    for index in range(INCIDENTS):
        stage = stages[index % len(stages)]
        day = _day_in(rng, stage.start_date, min(stage.end_date or last_day, last_day))
        occurred = datetime.datetime.combine(
            day, datetime.time(rng.randint(6, 21), rng.choice((0, 15, 30, 45))), tzinfo=tz
        )
        station = rng.choice(stations)
        title, crime, kind, severity = rng.choice(KINDS)
        severity = max(1, min(5, severity + rng.choice((-1, 0, 0, 1))))
        outcome, disposition = OUTCOMES[index % len(OUTCOMES)]
        # The Phnom Penh chief handles his province; the national administrator the rest.
        pp = station.commune.code.startswith("12")
        actor = users.get("pp.chief" if pp else "national.admin") or users.get("national.admin")
        incident = incident_create(
            election=election,
            title=title,
            description=f"{title} near {station.name_en}.",
            area=station.commune,
            polling_station=station,
            latitude=station.latitude,
            longitude=station.longitude,
            occurred_at=occurred,
            actor=actor,
        )
        _run_lifecycle(
            incident,
            outcome=outcome,
            disposition=disposition,
            severity=severity,
            crime=crime,
            kind=kind,
            rng=rng,
            actor=actor,
        )
        created += 1
    say(
        f"Elections: {len(stations)} polling stations and {created} incidents "
        f"for {ELECTION} created."
    )
    return created
