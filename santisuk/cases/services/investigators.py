"""Naming and removing the investigators of a case after it was recorded.

A restricted case is seen only by the investigators named on it and by the chiefs, so naming
someone opens the case to them and removing them closes it again. Only someone whose own unit
scope reaches the case can be named (otherwise the name would open nothing), and only from the
units within the scope of the chief or records clerk who names them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.cases.choices import NoteKind
from santisuk.cases.models import Case
from santisuk.cases.services.workflow import _check_may, _note, _reason
from santisuk.core.scope import Scope, unit_scope_q
from santisuk.org.models import Unit


def _scope_is(scope: str) -> Q:
    q = Q(scope=scope) | Q(scope="", role__default_scope=scope)
    if scope == Scope.OWN_UNIT:
        q |= Q(scope="", role__isnull=True)
    return q


def _reaching(unit: Unit) -> Q:
    """Users whose own scope (see ``core.scope.unit_scope_q``) includes records of ``unit``."""
    ancestors = [unit.path[: i + 1] for i, char in enumerate(unit.path) if char == "/"]
    province = (Q(unit__province_id=unit.province_id) if unit.province_id else Q(pk__in=[])) | Q(
        unit__province__isnull=True, unit__path__in=ancestors
    )
    return (
        Q(is_superuser=True)
        | _scope_is(Scope.NATIONAL)
        | (_scope_is(Scope.OWN_UNIT) & Q(unit=unit))
        | (_scope_is(Scope.SUBTREE) & Q(unit__path__in=ancestors))
        | (_scope_is(Scope.PROVINCE) & province)
    )


def investigator_candidates(*, case: Case, actor: Any) -> QuerySet:
    """Active users who may read cases, whose scope reaches the case's unit and whose unit lies
    within the actor's scope, not yet named on the case."""
    view = Permission.objects.filter(content_type__app_label="cases", codename="view_case")
    allowed = Q(is_superuser=True) | Q(role__group__permissions__in=view)
    allowed |= Q(user_permissions__in=view)
    users = get_user_model().objects.filter(is_active=True).filter(allowed)
    users = users.filter(_reaching(case.owner_unit))
    if actor is not None:
        users = users.filter(unit_scope_q(actor, "unit"))
    named = case.investigators.values("pk")
    return (
        get_user_model()
        .objects.filter(pk__in=users.values("pk"))
        .exclude(pk__in=named)
        .select_related("unit")
        .order_by("unit__path", "last_name", "first_name", "username")
    )


def _who(user: Any) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def case_investigator_assign(*, case: Case, investigator: Any, note: str, actor: Any) -> Case:
    """Name an investigator on a case (a unit chief, records clerk or provincial chief within
    whose scope the case lies). On a restricted case this opens it to them."""
    _check_may(actor, case, "approve", _("You may not assign investigators to this case."))
    note = _reason(note, "note")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.investigators.filter(pk=investigator.pk).exists():
        raise ValidationError(
            {
                "investigator": _("%(who)s is already an investigator on this case.")
                % {"who": _who(investigator)}
            }
        )
    if not investigator_candidates(case=case, actor=actor).filter(pk=investigator.pk).exists():
        raise ValidationError(
            {
                "investigator": _(
                    "Choose an active user who may read cases, whose unit scope includes "
                    "the case's unit (%(unit)s) and whose unit is within your scope."
                )
                % {"unit": case.owner_unit}
            }
        )
    case.investigators.add(investigator)
    _record(case, investigator, note, actor, "investigator_assigned")
    return case


@transaction.atomic
def case_investigator_unassign(*, case: Case, investigator: Any, note: str, actor: Any) -> Case:
    """Remove an investigator from a case; a restricted case is then hidden from them again
    (unless their role lets them supervise restricted cases)."""
    _check_may(actor, case, "approve", _("You may not remove investigators from this case."))
    note = _reason(note, "note")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.investigators.filter(pk=investigator.pk).exists():
        raise ValidationError(
            {
                "investigator": _("%(who)s is not an investigator on this case.")
                % {"who": _who(investigator)}
            }
        )
    case.investigators.remove(investigator)
    _record(case, investigator, note, actor, "investigator_removed")
    return case


def _record(case: Case, investigator: Any, note: str, actor: Any, what: str) -> None:
    """The case's history entry and the audit event of one naming or removal."""
    data = {"reference": case.reference, "investigator": investigator.username, "note": note}
    text = (
        _("Investigator assigned: %(who)s. %(note)s")
        if what == "investigator_assigned"
        else _("Investigator removed: %(who)s. %(note)s")
    )
    _note(
        case,
        NoteKind.INVESTIGATORS,
        text % {"who": _who(investigator), "note": note},
        actor,
        {what: data},
    )
    event_record(name=f"case.{what}", obj=case, data=data)
