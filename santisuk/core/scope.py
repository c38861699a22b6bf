"""Who may see what: a user's scope turned into a queryset filter.

A record belongs to a unit (its owner). A user sees the records of the units inside their scope:
their own unit, their unit and the units below it, their unit's province, or the whole country.
Rule 1 of the house: this is applied at the queryset, never in a view ``if``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from santisuk.accounts.models import User


class Scope:
    OWN_UNIT = "own_unit"
    SUBTREE = "subtree"
    PROVINCE = "province"
    NATIONAL = "national"

    CHOICES = [
        (OWN_UNIT, "Own unit"),
        (SUBTREE, "Unit and the units below it"),
        (PROVINCE, "Province"),
        (NATIONAL, "National"),
    ]


NOTHING = Q(pk__in=[])


def unit_scope_q(user: User, field: str) -> Q:
    """Filter on the owning unit reached through ``field`` ("" when the model is the unit)."""
    prefix = f"{field}__" if field else ""
    scope = user.effective_scope
    if user.is_superuser or scope == Scope.NATIONAL:
        return Q()
    unit = user.unit
    if unit is None:
        return NOTHING
    if scope == Scope.OWN_UNIT:
        return Q(**{f"{prefix}pk": unit.pk})
    if scope == Scope.SUBTREE:
        return Q(**{f"{prefix}path__startswith": unit.path})
    if scope == Scope.PROVINCE:
        if unit.province_id is None:
            # A national unit's member with a provincial scope sees their subtree only.
            return Q(**{f"{prefix}path__startswith": unit.path})
        return Q(**{f"{prefix}province_id": unit.province_id})
    return NOTHING
