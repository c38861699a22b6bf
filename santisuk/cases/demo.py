"""Demo case records for ``santisuk demo_data``: a few hundred approved cases over 2024–2026
across the provinces, with suspects, victims and arrests, so that lists, the annual review and
the map have something to show. They go through the real import, the way existing records
enter the system. Deterministic for a seed; a second run adds nothing."""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

from django.utils.translation import gettext as _

from santisuk.cases.imports import CaseImporter
from santisuk.cases.models import Case
from santisuk.cases.services import case_investigator_assign
from santisuk.geo.models import Area
from santisuk.org.models import Unit
from santisuk.people.demo import khmer_name
from santisuk.people.models import PersonIdentifier

PREFIX = "DEMO-"
# One demo case in this many is recorded by a unit whose demo officers log in.
UNIT_SHARE = 20
CRIME_WEIGHTS = {
    "theft": 20,
    "vehicle_theft": 10,
    "robbery": 8,
    "burglary": 6,
    "drug_use": 12,
    "drug_trafficking": 8,
    "assault": 6,
    "domestic_violence": 5,
    "social_violence": 4,
    "fraud": 5,
    "gambling": 4,
    "homicide": 2,
    "rape": 2,
    "human_trafficking": 1,
    "weapons": 2,
    "traffic_crash": 3,
    "fire": 2,
}
STATUS_WEIGHTS = {
    "cleared_by_arrest": 60,
    "open": 28,
    "cleared_exceptionally": 4,
    "unfounded": 4,
    "closed": 4,
}
CASES_HEADER = (
    "reference,crime_type,reported_on,occurred_on,location_code,unit_code,status,cleared_on,"
    "exceptional_reason,summary,latitude,longitude"
)
# The provincial towns (approximate), by province code: about half the demo cases carry a GPS
# point a few kilometres from the town of their village's province, so that the map of cases
# has points to draw.
TOWNS = {
    "01": (13.586, 102.973),
    "02": (13.095, 103.202),
    "03": (11.993, 105.464),
    "04": (12.250, 104.666),
    "05": (11.456, 104.520),
    "06": (12.711, 104.889),
    "07": (10.610, 104.181),
    "08": (11.483, 104.945),
    "09": (11.616, 102.984),
    "10": (12.488, 106.019),
    "11": (12.455, 107.188),
    "12": (11.556, 104.928),
    "13": (13.807, 104.980),
    "14": (11.484, 105.325),
    "15": (12.539, 103.919),
    "16": (13.739, 106.987),
    "17": (13.362, 103.860),
    "18": (10.627, 103.522),
    "19": (13.526, 105.969),
    "20": (11.087, 105.800),
    "21": (10.990, 104.785),
    "22": (14.181, 103.517),
    "23": (10.483, 104.317),
    "24": (12.849, 102.609),
    "25": (11.911, 105.658),
}
PERSONS_HEADER = (
    "case_reference,role,family_name,given_name,name_km,sex,date_of_birth,nationality,"
    "id_card_number,arrested_on"
)


def _sex(code: str) -> str:
    return code if code in ("M", "F") else ""


def _csv_line(values) -> str:
    return ",".join(str(v) if v is not None else "" for v in values)


def _unit_villages(units: list[Unit], villages: list[str]) -> list[tuple[Unit, list[str]]]:
    """Each unit with the villages of its jurisdiction (units without any are left out)."""
    out = []
    for unit in units:
        codes = tuple(unit.jurisdiction.values_list("code", flat=True))
        own = [v for v in villages if v.startswith(codes)] if codes else []
        if own:
            out.append((unit, own))
    return out


def demo_cases(
    *,
    seed: int = 1,
    count: int = 600,
    today: datetime.date | None = None,
    units: list[Unit] | None = None,
) -> int:
    """Import ``count`` demo cases; returns how many were created. One case in
    ``UNIT_SHARE`` is recorded by one of ``units`` (the units whose demo officers log in), in
    their district and in the last weeks, so that those officers have cases of their own."""
    if Case.objects.filter(reference__startswith=PREFIX).exists():
        return 0
    villages = list(
        Area.objects.filter(level="village", valid_to__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    ) or list(
        Area.objects.filter(valid_to__isnull=True).order_by("code").values_list("code", flat=True)
    )
    if not villages:
        return 0
    rng = random.Random(f"santisuk-demo-cases:{seed}")
    today = today or datetime.date.today()
    start = datetime.date(2024, 1, 1)
    span = (today - start).days
    crimes, crime_w = zip(*CRIME_WEIGHTS.items(), strict=True)
    statuses, status_w = zip(*STATUS_WEIGHTS.items(), strict=True)
    # People come from the person index when it has any (demo_data fills it first), so that
    # the cases link to existing records; a few of them are arrested again and again.
    pool = [
        (i.number, p.family_name, p.given_name, p.name_km, p.sex, p.birth_year or "")
        for i in PersonIdentifier.objects.filter(kind="national_id")
        .select_related("person")
        .order_by("number")[:5000]
        for p in [i.person]
    ]
    repeaters = pool[:15]

    def someone(sex: str):
        if pool:
            return rng.choice(repeaters) if rng.random() < 0.1 else rng.choice(pool)
        family, given, family_km, given_km = khmer_name(rng, sex)
        id_card = f"{rng.randrange(10**8, 10**9)}" if rng.random() < 0.5 else ""
        return (id_card, family, given, f"{family_km} {given_km}", sex, rng.randrange(1960, 2006))

    # Their own generators: the points and the units' cases change none of the other values.
    points = random.Random(f"santisuk-demo-points:{seed}")
    local = random.Random(f"santisuk-demo-units:{seed}")
    recorders = _unit_villages(units or [], villages)

    def point(village: str) -> tuple[str, str]:
        town = TOWNS.get(village[:2])
        if town is None or points.random() < 0.5:
            return "", ""
        # North of the town and a little either side: the coastal towns have the sea south.
        lat = town[0] + points.uniform(0, 0.04)
        return f"{lat:.5f}", f"{town[1] + points.uniform(-0.04, 0.04):.5f}"

    cases, persons = [CASES_HEADER], [PERSONS_HEADER]
    for n in range(1, count + 1):
        reference = f"{PREFIX}{n:05d}"
        # Growth over time, as the published reviews show: later days are a little likelier.
        reported = start + datetime.timedelta(days=int(span * rng.random() ** 0.85))
        recorder = None
        if recorders and n % UNIT_SHARE == 0:
            recorder = recorders[n // UNIT_SHARE % len(recorders)]
            reported = today - datetime.timedelta(days=local.randrange(0, 45))
        occurred = reported - datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2, 7)))
        crime = rng.choices(crimes, crime_w)[0]
        if crime == "robbery" and rng.random() < 0.3:
            crime = "robbery;assault"
        status = rng.choices(statuses, status_w)[0]
        if crime in ("traffic_crash", "fire") and status == "cleared_by_arrest":
            status = "closed"
        cleared_on, reason = "", ""
        suspects = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
        if status == "cleared_by_arrest":
            cleared_on = min(today, reported + datetime.timedelta(days=rng.randrange(0, 40)))
        elif status == "cleared_exceptionally":
            cleared_on = min(today, reported + datetime.timedelta(days=rng.randrange(5, 90)))
            reason = rng.choice(("offender_dead", "prosecution_declined", "victim_refused"))
        village = rng.choice(villages)
        if recorder is not None:
            village = local.choice(recorder[1])
        cases.append(
            _csv_line(
                (
                    reference,
                    crime,
                    reported,
                    occurred,
                    village,
                    recorder[0].code if recorder else "",
                    status,
                    cleared_on,
                    reason,
                    "",
                    *point(village),
                )
            )
        )
        if crime in ("traffic_crash", "fire") or status == "unfounded":
            continue
        for s in range(suspects):
            id_card, family, given, name_km, sex, born = someone(
                "M" if rng.random() < 0.85 else "F"
            )
            arrested = ""
            if status == "cleared_by_arrest" and (s == 0 or rng.random() < 0.6):
                arrested = cleared_on
            row = (reference, "suspect", family, given, name_km, _sex(sex), born, "", id_card)
            persons.append(_csv_line((*row, arrested)))
        if rng.random() < 0.7:
            id_card, family, given, name_km, sex, born = someone(rng.choice("MF"))
            row = (reference, "victim", family, given, name_km, _sex(sex), born, "", id_card)
            persons.append(_csv_line((*row, "")))
    result = CaseImporter().run(
        io.StringIO("\n".join(cases) + "\n"),
        persons=io.StringIO("\n".join(persons) + "\n"),
        skip_invalid=True,
        progress=False,
    )
    return result.created


def demo_investigators(*, officers: list[Any]) -> int:
    """Each demo officer named, by their unit chief, as investigator on their unit's open demo
    cases, so that the officer's work list has cases; returns how many were named. Running it
    again names no one twice, and cases recorded by users are left alone."""
    named = 0
    for officer in officers:
        chief = (
            type(officer)
            .objects.filter(unit=officer.unit, role__code="unit_chief", is_active=True)
            .order_by("username")
            .first()
        )
        if chief is None:
            continue
        cases = Case.objects.filter(
            reference__startswith=PREFIX, owner_unit=officer.unit, status="open"
        ).exclude(investigators=officer)
        for case in cases.order_by("-reported_on", "pk"):
            case_investigator_assign(
                case=case, investigator=officer, note=_("To investigate."), actor=chief
            )
            named += 1
    return named
