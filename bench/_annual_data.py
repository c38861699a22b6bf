"""Generated national case data for ``annual_review.py``: the gazetteer-based reference data,
a deterministic case generator, CASES.csv and PERSONS.csv files written from it, the real import
command run on them, and, for comparison only, a bare ``bulk_create`` load rolled back."""

from __future__ import annotations

import csv
import datetime
import io
import random
import time
from pathlib import Path

STATUSES = [  # (status, weight): most cases are cracked down, as in the published reviews
    ("cleared_by_arrest", 55),
    ("open", 30),
    ("cleared_exceptionally", 5),
    ("unfounded", 5),
    ("closed", 5),
]
CRIME_WEIGHTS = {
    "theft": 30,
    "drug_use": 15,
    "drug_trafficking": 8,
    "assault": 10,
    "robbery": 6,
    "burglary": 5,
    "vehicle_theft": 5,
    "fraud": 5,
    "domestic_violence": 4,
    "social_violence": 4,
    "gambling": 3,
    "weapons": 2,
    "homicide": 1,
    "rape": 1,
    "other": 1,
}


def reference_data():
    from santisuk.cases.services import crime_types_load
    from santisuk.geo.models import Area
    from santisuk.geo.services import gazetteer_load
    from santisuk.org.models import Unit
    from santisuk.org.services import unit_create

    if not Area.objects.exists():
        gazetteer_load()
    crime_types_load()
    provinces = list(Area.objects.filter(level="province", valid_to__isnull=True).order_by("code"))
    if not Unit.objects.filter(code="MOI").exists():
        moi = unit_create(code="MOI", name_en="Ministry of Interior", kind="ministry")
        for area in provinces:
            unit_create(
                code=f"P{area.code}",
                name_en=f"{area.name_en} Police Commissariat",
                kind="provincial_commissariat",
                parent=moi,
                province=area,
                jurisdiction=[area],
            )
    units = {u.province_id: u for u in Unit.objects.filter(code__startswith="P")}
    villages: dict[int, list] = {}
    for area in Area.objects.filter(level="village", valid_to__isnull=True).only(
        "id", "code", "province_id"
    ):
        villages.setdefault(area.province_id, []).append(area)
    provinces = [p for p in provinces if villages.get(p.pk)]
    return provinces, units, villages


class Generator:
    """Deterministic cases; one call to ``case`` gives one case with its people."""

    def __init__(self, seed: int, years: tuple[int, int, int], provinces, villages):
        self.rng = random.Random(seed)
        self.years = years
        self.provinces = provinces
        # Phnom Penh and the big provinces record more cases.
        self.weights = [
            6 if p.code == "12" else 2 if p.code in ("17", "18", "02") else 1 for p in provinces
        ]
        self.villages = villages
        self.codes = list(CRIME_WEIGHTS)
        self.code_weights = list(CRIME_WEIGHTS.values())
        self.statuses = [s for s, _ in STATUSES]
        self.status_weights = [w for _, w in STATUSES]

    def day(self) -> datetime.date:
        year = self.rng.choice(self.years)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def case(self, index: int) -> dict:
        rng = self.rng
        province = rng.choices(self.provinces, self.weights)[0]
        village = rng.choice(self.villages[province.pk])
        types = {rng.choices(self.codes, self.code_weights)[0]}
        if rng.random() < 0.15:
            types.add(rng.choices(self.codes, self.code_weights)[0])
        status = rng.choices(self.statuses, self.status_weights)[0]
        reported = self.day()
        people = 1 + (rng.random() < 0.4)  # about 1.4 people per case
        parties = []
        for n in range(people):
            suspect = n == 0 or rng.random() < 0.5
            arrested = suspect and status == "cleared_by_arrest" and (n == 0 or rng.random() < 0.7)
            parties.append(
                {
                    "role": "suspect" if suspect else "victim",
                    "arrested": arrested,
                    # One suspect in ten was arrested before: a repeat offender.
                    "repeat": arrested and rng.random() < 0.1,
                    "sex": rng.choice("MF"),
                    "birth_year": rng.randrange(1950, 2006),
                }
            )
        return {
            "reference": f"B{index:08d}",
            "province": province,
            "village": village,
            "types": sorted(types),
            "status": status,
            "reported_on": reported,
            "cleared_on": reported + datetime.timedelta(days=rng.randrange(30))
            if status in ("cleared_by_arrest", "cleared_exceptionally")
            else None,
            "approved": rng.random() < 0.95,
            "parties": parties,
        }


CASES_HEADER = [
    "reference",
    "crime_type",
    "reported_on",
    "occurred_on",
    "location_code",
    "unit_code",
    "status",
    "cleared_on",
    "exceptional_reason",
    "summary",
]
PERSONS_HEADER = [
    "case_reference",
    "role",
    "family_name",
    "given_name",
    "name_km",
    "sex",
    "date_of_birth",
    "nationality",
    "id_card_number",
    "arrested_on",
]


def write_files(gen: Generator, count: int, folder: Path, units) -> dict[str, tuple[Path, Path]]:
    """CASES.csv/PERSONS.csv of the approved cases and CASES-draft.csv/PERSONS-draft.csv of the
    others (imported with --as-draft). Six people in ten carry an ID card number; a repeat
    offender comes back with the same card, so the importer links them to the index. About half
    the cases name their unit; the others leave it to the importer (the unit covering the
    place)."""
    today = datetime.date.today()
    paths = {
        "approved": (folder / "CASES.csv", folder / "PERSONS.csv"),
        "draft": (folder / "CASES-draft.csv", folder / "PERSONS-draft.csv"),
    }
    handles = {
        k: (v[0].open("w", newline=""), v[1].open("w", newline="")) for k, v in paths.items()
    }
    writers = {k: (csv.writer(h[0]), csv.writer(h[1])) for k, h in handles.items()}
    for cw, pw in writers.values():
        cw.writerow(CASES_HEADER)
        pw.writerow(PERSONS_HEADER)
    arrested: list[tuple[str, str, str, str]] = []  # (family, given, birth year, card)
    card = 100_000_000
    for index in range(count):
        c = gen.case(index)
        cw, pw = writers["approved" if c["approved"] else "draft"]
        cleared = min(c["cleared_on"], today) if c["cleared_on"] else None
        cw.writerow(
            [
                c["reference"],
                ";".join(c["types"]),
                c["reported_on"].isoformat(),
                "",
                c["village"].code,
                units[c["province"].pk].code if index % 2 else "",
                c["status"],
                cleared.isoformat() if cleared else "",
                "other" if c["status"] == "cleared_exceptionally" else "",
                "",
            ]
        )
        for n, p in enumerate(c["parties"]):
            if p["repeat"] and arrested:
                family, given, born, number = gen.rng.choice(arrested)
            else:
                family, given, born = "SOK", f"{c['reference']}N{n}", str(p["birth_year"])
                number = ""
                if gen.rng.random() < 0.6:
                    card += 1
                    number = str(card)
            arrest_day = (cleared or c["reported_on"]).isoformat() if p["arrested"] else ""
            pw.writerow(
                [
                    c["reference"],
                    p["role"],
                    family,
                    given,
                    "",
                    p["sex"],
                    born,
                    "",
                    number,
                    arrest_day,
                ]
            )
            if p["arrested"] and number and len(arrested) < 100_000:
                arrested.append((family, given, born, number))
    for cf, pf in handles.values():
        cf.close()
        pf.close()
    return paths


def import_files(paths: dict[str, tuple[Path, Path]], count: int) -> dict:
    """Run ``santisuk import cases`` on the files, as a records unit would."""
    from django.core.management import call_command

    seconds = {}
    for kind, (cases_path, persons_path) in paths.items():
        args = ["import", "cases", str(cases_path), "--persons", str(persons_path)]
        if kind == "draft":
            args.append("--as-draft")
        start = time.perf_counter()
        summary = io.StringIO()  # the command's summary line would spoil the JSON on stdout
        call_command(*args, stdout=summary)
        seconds[kind] = time.perf_counter() - start
    total = sum(seconds.values())
    return {
        "path": "santisuk import cases CASES.csv --persons PERSONS.csv (+ the drafts, --as-draft)",
        "cases": count,
        "seconds": round(total, 1),
        "cases_per_s": round(count / total),
    }


def bulk_compare(gen: Generator, count: int, units, batch: int = 5000) -> dict:
    """For comparison only: the same kind of cases written by bare ``bulk_create`` (no checks,
    no change log, no files), then rolled back."""
    from django.db import transaction

    from santisuk.cases.models import Arrest, Case, CaseParty, CrimeType, Offence
    from santisuk.people.models import Person

    types = {t.code: t.pk for t in CrimeType.objects.all()}
    start = time.perf_counter()
    done = 0
    with transaction.atomic():
        while done < count:
            size = min(batch, count - done)
            generated = [gen.case(10**8 + done + i) for i in range(size)]
            cases = [
                Case(
                    reference=f"X{c['reference']}",
                    owner_unit=units[c["province"].pk],
                    reported_on=c["reported_on"],
                    place_id=c["village"].pk,
                    province_id=c["province"].pk,
                    status=c["status"],
                    exceptional_reason="other" if c["status"] == "cleared_exceptionally" else "",
                    cleared_on=c["cleared_on"],
                    workflow_state="approved" if c["approved"] else "draft",
                )
                for c in generated
            ]
            Case.objects.bulk_create(cases)
            Offence.objects.bulk_create(
                [
                    Offence(case=case, crime_type_id=types[code])
                    for case, c in zip(cases, generated, strict=True)
                    for code in c["types"]
                ]
            )
            people, links = [], []
            for case, c in zip(cases, generated, strict=True):
                for n, p in enumerate(c["parties"]):
                    person = Person(
                        family_name="SOK",
                        given_name=f"X{c['reference']}N{n}",
                        sex=p["sex"],
                        birth_year=p["birth_year"],
                    )
                    person.normalise()
                    people.append(person)
                    links.append((case, p, person))
            Person.objects.bulk_create(people)
            CaseParty.objects.bulk_create(
                [CaseParty(case=case, person=person, role=p["role"]) for case, p, person in links]
            )
            Arrest.objects.bulk_create(
                [
                    Arrest(
                        case=case, person=person, arrested_on=case.cleared_on or case.reported_on
                    )
                    for case, p, person in links
                    if p["arrested"]
                ]
            )
            done += size
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return {
        "path": "bare bulk_create, no checks or change log (comparison, rolled back)",
        "cases": count,
        "seconds": round(seconds, 1),
        "cases_per_s": round(count / seconds),
    }
