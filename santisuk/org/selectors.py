"""Reads on units: the hierarchy and which unit answers for a place."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, QuerySet
from django.db.models.functions import Length

from santisuk.geo.models import Area
from santisuk.org.models import Officer, Unit

# NCDD code lengths from the most local level up: village, commune, district, province.
_CODE_LENGTHS = (8, 6, 4, 2)


def covering_codes(code: str) -> list[str]:
    """The codes of the place itself and of every area that contains it (12010203 → 12010203,
    120102, 1201, 12): an area covers itself and every area whose code starts with its code."""
    return [code[:length] for length in _CODE_LENGTHS if len(code) >= length]


def unit_for_place(area: Area | str) -> Unit | None:
    """The most local active unit whose jurisdiction covers the place: the deepest matching
    jurisdiction code wins, then the deepest unit in the hierarchy."""
    code = area if isinstance(area, str) else area.code
    codes = covering_codes(code)
    if not codes:
        return None
    return (
        Unit.objects.filter(is_active=True, jurisdiction__code__in=codes)
        .annotate(match_length=Max(Length("jurisdiction__code")))
        .order_by("-match_length", "-depth", "path")
        .first()
    )


def unit_ancestors(unit: Unit) -> list[Unit]:
    """The chain of parents from the top of the hierarchy down to the unit's parent."""
    parts = unit.path.strip("/").split("/")[:-1]
    paths = ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]
    by_path = {u.path: u for u in Unit.objects.filter(path__in=paths)}
    return [by_path[p] for p in paths if p in by_path]


def unit_children(*, unit: Unit, user: Any) -> QuerySet[Unit]:
    return Unit.objects.restrict(user, "view").filter(parent=unit).order_by("code")


def unit_subtree(*, unit: Unit, user: Any) -> QuerySet[Unit]:
    return Unit.objects.restrict(user, "view").filter(path__startswith=unit.path)


def unit_officers(*, unit: Unit, user: Any) -> QuerySet[Officer]:
    return (
        Officer.objects.restrict(user, "view")
        .filter(unit=unit)
        .order_by("family_name", "given_name")
    )
