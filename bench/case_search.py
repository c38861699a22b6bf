"""How fast a records clerk finds a case among a national volume of cases.

Times the case list page (``/cases/cases/``, rendered by the real view through Django's test
client, logged in with the second factor) for the searches the issue names — a reference or a
part of it, a person by ID card number and by name, a village over a month, a crime type in a
province on one day — as a records clerk of Phnom Penh, the province with the most cases, and
as a national analyst. The baseline, timed in the same rounds, is the same user's plain list
page (the newest cases, no search). Each search must find the case it was built from; the run
fails otherwise.

Runs on the cases already in the database when there are at least ``--cases`` of them (as left
by ``bench/annual_review.py`` with the same ``SANTISUK_VAR_DIR`` or ``DATABASE_URL``); otherwise
generates and imports them first, as that benchmark does.

    .venv/bin/python bench/case_search.py --cases 20000
    DATABASE_URL=postgres://... .venv/bin/python bench/case_search.py --cases 1000000
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _annual_data import Generator, import_files, reference_data, write_files
from _setup import django_setup, machine

PASSWORD = "bench-search-Pw-2026"


def ensure_cases(count: int, seed: int) -> None:
    from santisuk.audit.context import command_context
    from santisuk.cases.models import Case

    if Case.objects.count() >= count:
        return
    year = datetime.date.today().year - 1
    with command_context(["bench_case_search"]):
        provinces, units, villages = reference_data()
        gen = Generator(seed, (year - 2, year - 1, year), provinces, villages)
        folder = Path(tempfile.mkdtemp(prefix="santisuk-cases-"))
        try:
            import_files(write_files(gen, count, folder, units), count)
        finally:
            shutil.rmtree(folder)


def client_for(username: str, role: str, unit, scope: str = ""):
    """A test client logged in as a user of this role, second factor verified as at login."""
    from django.test import Client

    from santisuk.accounts.models import User
    from santisuk.accounts.services import user_create
    from santisuk.core.testing import login

    user = User.objects.filter(username=username).first() or user_create(
        username=username, password=PASSWORD, role=role, unit=unit, scope=scope
    )
    return login(Client(), user)


def searches(province_code: str) -> dict[str, tuple[dict, str]]:
    """``{name: (query, reference it must find)}`` built from one case of the province that has
    a person with an ID card number."""
    from santisuk.cases.models import CaseParty
    from santisuk.people.models import PersonIdentifier

    card = (
        PersonIdentifier.objects.filter(
            person__case_parties__case__province__code=province_code,
            person__case_parties__case__workflow_state="approved",
        )
        .select_related("person")
        .order_by("-pk")
        .first()
    )
    party = CaseParty.objects.filter(person=card.person).select_related("case__place").first()
    case, person = party.case, card.person
    month = case.reported_on.replace(day=1)
    crime_type = case.offences.first().crime_type
    return {
        "reference": ({"q": case.reference}, case.reference),
        "part of a reference": ({"q": case.reference[-6:]}, case.reference),
        "ID card number": ({"person": card.number}, case.reference),
        "person's name": ({"person": f"{person.given_name} {person.family_name}"}, case.reference),
        "village and month": (
            {
                "place": case.place.code,
                "reported_from": month.isoformat(),
                "reported_to": case.reported_on.isoformat(),
            },
            case.reference,
        ),
        "crime type, province and day": (
            {
                "crime_type": crime_type.pk,
                "province": case.province_id,
                "reported_from": case.reported_on.isoformat(),
                "reported_to": case.reported_on.isoformat(),
            },
            "",
        ),
    }


def timed(client, query: dict) -> tuple[float, str]:
    start = time.perf_counter()
    response = client.get("/cases/cases/", query)
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        sys.exit(f"{query}: status {response.status_code}")
    return seconds, response.content.decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    django_setup()
    from django.conf import settings

    from santisuk.cases.models import Case
    from santisuk.org.models import Unit

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    ensure_cases(args.cases, args.seed)
    phnom_penh = Unit.objects.get(code="P12")
    users = {
        "records clerk, Phnom Penh": client_for("bench.clerk", "records_clerk", phnom_penh),
        "national analyst": client_for(
            "bench.analyst", "national_analyst", Unit.objects.get(code="MOI"), "national"
        ),
    }
    queries = searches("12")
    results: dict[str, dict] = {}
    failures = []
    for who, client in users.items():
        timed(client, {})  # templates and caches warmed, as on a running server
        times: dict[str, list[float]] = {"plain list (baseline)": []}
        times.update({name: [] for name in queries})
        # Alternating rounds: load that comes and goes on a shared machine hits all alike.
        for _ in range(args.repeat):
            times["plain list (baseline)"].append(timed(client, {})[0])
            for name, (query, reference) in queries.items():
                seconds, page = timed(client, query)
                times[name].append(seconds)
                if reference and reference not in page:
                    failures.append(f"{who}, {name}: {reference} not found")
        base = statistics.median(times["plain list (baseline)"])
        results[who] = {
            name: {
                "median_s": round(statistics.median(values), 3),
                "ratio_to_plain_list": round(statistics.median(values) / base, 2),
            }
            for name, values in times.items()
        }
    print(
        json.dumps(
            {
                "benchmark": "case_search",
                "date": datetime.date.today().isoformat(),
                "machine": machine(),
                "cases": Case.objects.count(),
                "repeat": args.repeat,
                "pages": results,
                "failures": failures,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    if failures:
        sys.exit("A search did not find its case.")


if __name__ == "__main__":
    main()
