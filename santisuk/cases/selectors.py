"""Reads of the case records shown on other apps' pages."""

from __future__ import annotations

from typing import Any

from santisuk.cases.models import Arrest, CaseParty

PERSON_CASES_SHOWN = 100


def person_cases(person: Any, user: Any) -> tuple[str, dict[str, Any]] | None:
    """The section of a person's page listing the cases they are part of, newest first, with
    their role and arrest, as far as the user may see them (restricted cases only for those
    named on them and their chiefs). Registered in ``people.selectors.PERSON_SECTIONS``."""
    if not user.has_perm("cases.view_case"):
        return None
    parties = (
        CaseParty.objects.restrict(user)
        .filter(person=person)
        .select_related("case", "case__place")
        .prefetch_related("case__offences__crime_type")
        .order_by("-case__reported_on", "-case_id", "role")
    )
    arrests = {
        a.case_id: a
        for a in Arrest.objects.restrict(user)
        .filter(person=person)
        .order_by("case_id", "arrested_on")
    }
    shown = list(parties[:PERSON_CASES_SHOWN])
    for party in shown:
        party.arrest = arrests.get(party.case_id)
    return "cases/_person_cases.html", {
        "parties": shown,
        "party_count": parties.count() if len(shown) == PERSON_CASES_SHOWN else len(shown),
        "arrest_count": len(arrests),
    }
