"""Workflows on units and officers (rule 3: every write goes through a service)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.geo.models import Area
from santisuk.org.models import Officer, Unit

UNIT_UPDATABLE = ("code", "name_en", "name_km", "kind", "province", "is_active")
OFFICER_UPDATABLE = (
    "badge_number",
    "family_name",
    "given_name",
    "name_km",
    "rank",
    "user",
    "is_active",
)


def _check_in_scope(actor: Any, unit: Unit | None, field: str) -> None:
    """A user may only attach records to units they can see; the system (no actor) may attach
    anywhere."""
    if actor is None or unit is None or getattr(actor, "is_superuser", False):
        return
    if not Unit.objects.restrict(actor, "view").filter(pk=unit.pk).exists():
        raise ValidationError({field: _("This unit is outside your scope.")})


def _path_for(code: str, parent: Unit | None) -> str:
    return f"{parent.path if parent else ''}{code}/"


@transaction.atomic
def unit_create(
    *,
    code: str,
    name_en: str,
    kind: str,
    parent: Unit | None = None,
    name_km: str = "",
    province: Area | None = None,
    jurisdiction: Iterable[Area] = (),
    actor: Any = None,
) -> Unit:
    _check_in_scope(actor, parent, "parent")
    code = code.strip()
    if "/" in code:
        raise ValidationError({"code": _("A unit code may not contain '/'.")})
    if province is None and parent is not None:
        province = parent.province
    unit = Unit(
        code=code,
        name_en=name_en,
        name_km=name_km,
        kind=kind,
        parent=parent,
        province=province,
        path=_path_for(code, parent),
        depth=parent.depth + 1 if parent else 0,
    )
    unit.full_clean()
    unit.save()
    areas = list(jurisdiction)
    if areas:
        unit.jurisdiction.set(areas)
    return unit


def _rewrite_subtree(
    unit: Unit, *, new_path: str, old_province_id: int | None, new_province_id: int | None
) -> list[Unit]:
    """Give ``unit`` and every unit below it the new path prefix (and depth). Descendants that
    inherited the unit's old province follow it to the new one."""
    old_path = unit.path
    depth_shift = new_path.count("/") - old_path.count("/")
    descendants = list(
        Unit.objects.select_for_update()
        .filter(path__startswith=old_path)
        .exclude(pk=unit.pk)
        .order_by("path")
    )
    unit.path = new_path
    unit.depth += depth_shift
    for child in descendants:
        child.path = new_path + child.path[len(old_path) :]
        child.depth += depth_shift
        if old_province_id != new_province_id and child.province_id == old_province_id:
            child.province_id = new_province_id
        child.full_clean()
        # One save per unit so that the change log records each rewritten path.
        child.save(update_fields=["path", "depth", "province", "updated_at"])
    return descendants


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None, actor: Any = None) -> Unit:
    """Put ``unit`` (and everything below it) under ``new_parent``; paths are rewritten in one
    transaction so that no reader sees a half-moved tree."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None:
        new_parent = Unit.objects.get(pk=new_parent.pk)
        if new_parent.path.startswith(unit.path):
            raise ValidationError(
                {"parent": _("A unit cannot be moved under itself or one of its own units.")}
            )
    _check_in_scope(actor, unit, "unit")
    _check_in_scope(actor, new_parent, "parent")
    old_parent = unit.parent
    if (old_parent.pk if old_parent else None) == (new_parent.pk if new_parent else None):
        return unit
    old_province_id = unit.province_id
    new_province_id = old_province_id
    if new_parent is not None and new_parent.province_id is not None:
        new_province_id = new_parent.province_id
    _rewrite_subtree(
        unit,
        new_path=_path_for(unit.code, new_parent),
        old_province_id=old_province_id,
        new_province_id=new_province_id,
    )
    unit.parent = new_parent
    unit.province_id = new_province_id
    unit.full_clean()
    unit.save()
    event_record(
        name="unit.moved",
        obj=unit,
        data={
            "from": old_parent.code if old_parent else None,
            "to": new_parent.code if new_parent else None,
            "path": unit.path,
        },
    )
    return unit


@transaction.atomic
def unit_update(
    *, unit: Unit, actor: Any = None, jurisdiction: Iterable[Area] | None = None, **fields: Any
) -> Unit:
    """Change a unit's own attributes. A new code rewrites the paths below it; a new parent
    goes through ``unit_move``."""
    unknown = set(fields) - set(UNIT_UPDATABLE)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_in_scope(actor, unit, "unit")
    new_code = str(fields.pop("code", unit.code)).strip()
    if "/" in new_code:
        raise ValidationError({"code": _("A unit code may not contain '/'.")})
    old_province_id = unit.province_id
    for name, value in fields.items():
        setattr(unit, name, value)
    if new_code != unit.code or unit.province_id != old_province_id:
        if new_code != unit.code and Unit.objects.filter(code=new_code).exists():
            raise ValidationError({"code": _("Unit with this code already exists.")})
        _rewrite_subtree(
            unit,
            new_path=_path_for(new_code, unit.parent),
            old_province_id=old_province_id,
            new_province_id=unit.province_id,
        )
        unit.code = new_code
    unit.full_clean()
    unit.save()
    if jurisdiction is not None:
        unit.jurisdiction.set(list(jurisdiction))
    return unit


@transaction.atomic
def officer_create(
    *,
    badge_number: str,
    family_name: str,
    given_name: str,
    rank: str,
    unit: Unit,
    name_km: str = "",
    user: Any = None,
    actor: Any = None,
) -> Officer:
    _check_in_scope(actor, unit, "unit")
    officer = Officer(
        badge_number=badge_number.strip().upper(),
        family_name=family_name.strip().upper(),
        given_name=given_name.strip().upper(),
        name_km=name_km.strip(),
        rank=rank,
        unit=unit,
        user=user,
    )
    officer.full_clean()
    officer.save()
    return officer


@transaction.atomic
def officer_update(*, officer: Officer, actor: Any = None, **fields: Any) -> Officer:
    unknown = set(fields) - set(OFFICER_UPDATABLE)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    _check_in_scope(actor, officer.unit, "unit")
    for name, value in fields.items():
        if name in ("badge_number", "family_name", "given_name") and isinstance(value, str):
            value = value.strip().upper()
        setattr(officer, name, value)
    officer.full_clean()
    officer.save()
    return officer


@transaction.atomic
def officer_transfer(*, officer: Officer, unit: Unit, actor: Any = None) -> Officer:
    officer = Officer.objects.select_for_update().select_related("unit").get(pk=officer.pk)
    _check_in_scope(actor, officer.unit, "unit")
    _check_in_scope(actor, unit, "unit")
    old_unit = officer.unit
    if old_unit.pk == unit.pk:
        return officer
    officer.unit = unit
    officer.full_clean()
    officer.save()
    event_record(
        name="officer.transferred",
        obj=officer,
        data={"from": old_unit.code, "to": unit.code, "badge_number": officer.badge_number},
    )
    return officer
