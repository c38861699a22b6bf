"""Workflows on roles, user accounts, their sessions and their API tokens (rule 3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from fnmatch import fnmatchcase
from importlib import import_module
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _
from knox.models import AuthToken

from santisuk.accounts.choices import RoleCode, ScopeChoice
from santisuk.accounts.models import AccountLock, Role, User, UserSession
from santisuk.accounts.roles import ROLES
from santisuk.audit.services import event_record
from santisuk.core.scope import unit_scope_q


def concrete_user(user: Any) -> Any:
    """``request.user`` is a lazy proxy (twice over with django-otp); the audit log records the
    model of the object it is given, so it must get the user itself."""
    while isinstance(user, LazyObject):
        user.pk  # noqa: B018  (evaluates the proxy)
        user = user._wrapped
    return user


# --- roles ------------------------------------------------------------------------------------


def _permission_index() -> dict[str, Permission]:
    return {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }


def _matching(index: dict[str, Permission], patterns: Iterable[str]) -> set[str]:
    patterns = list(patterns)
    return {key for key in index if any(fnmatchcase(key, pattern) for pattern in patterns)}


@transaction.atomic
def roles_sync(*, reset: bool = False) -> None:
    """Create the missing roles with their groups and grant each role's default permissions.

    A default is granted once: a permission an administrator removed from a role is not given
    back, and permissions an administrator added are never taken away. Defaults of modules
    installed since the last run are granted. ``reset=True`` grants every default again and puts
    the role's flags back to their defaults (still without removing anything).
    """
    index = _permission_index()
    for code, spec in ROLES.items():
        role = Role.objects.select_related("group").filter(code=code).first()
        if role is None:
            group, _created = Group.objects.get_or_create(name=f"role:{code}")
            role = Role(
                code=code,
                group=group,
                default_scope=spec.default_scope,
                mfa_required=spec.mfa_required,
                can_unlock_accounts=spec.can_unlock_accounts,
            )
            role.full_clean()
            role.save()
        elif reset:
            role.default_scope = spec.default_scope
            role.mfa_required = spec.mfa_required
            role.can_unlock_accounts = spec.can_unlock_accounts
            role.full_clean()
            role.save()
        defaults = _matching(index, spec.permissions)
        already = set(role.defaults_granted)
        to_grant = defaults if reset else defaults - already
        if to_grant:
            role.group.permissions.add(*(index[key] for key in to_grant))
        if defaults - already:
            role.defaults_granted = sorted(already | defaults)
            role.save(update_fields=["defaults_granted", "updated_at"])


@transaction.atomic
def role_permissions_set(*, role: Role, permissions: Iterable[Permission], actor: Any) -> Role:
    """Replace a role's permissions (the administrators' roles page)."""
    if actor is not None and not actor.has_perm("accounts.change_role"):
        raise PermissionDenied(_("You may not change the permissions of roles."))
    wanted = set(permissions)
    current = set(role.group.permissions.all())
    role.group.permissions.set(wanted)
    event_record(
        name="role.permissions_changed",
        obj=role,
        data={
            "added": sorted(_key(p) for p in wanted - current),
            "removed": sorted(_key(p) for p in current - wanted),
        },
    )
    return role


def _key(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def _role_for(code: Any) -> Role:
    if isinstance(code, Role):
        return code
    if code not in RoleCode.values:
        raise ValidationError(
            {
                "role": _("Unknown role “%(role)s”. Choose one of: %(roles)s.")
                % {"role": code, "roles": ", ".join(RoleCode.values)}
            }
        )
    role = Role.objects.filter(code=code).first()
    if role is None:  # a fresh database: the roles are created on first use
        roles_sync()
        role = Role.objects.get(code=code)
    return role


# --- who may act on whom ----------------------------------------------------------------------


def _in_scope(actor: Any, user: User) -> bool:
    if actor is None or actor.is_superuser:
        return True
    return User.objects.filter(unit_scope_q(actor, "unit")).filter(pk=user.pk).exists()


def _require_manager(actor: Any, user: User) -> None:
    """Changing someone's account needs ``accounts.change_user`` and the account in scope."""
    if actor is None:
        return
    if not actor.has_perm("accounts.change_user") or not _in_scope(actor, user):
        raise PermissionDenied(_("You may not change this account."))


def _check_scope_value(scope: str) -> None:
    if scope and scope not in ScopeChoice.values:
        raise ValidationError(
            {
                "scope": _("Unknown scope “%(scope)s”. Choose one of: %(scopes)s.")
                % {"scope": scope, "scopes": ", ".join(ScopeChoice.values)}
            }
        )


def _forget_cached_permissions(user: User) -> None:
    # ModelBackend caches permissions on the user object; a fresh request loads a fresh user,
    # but a caller holding this object must see the change at once too.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


# --- users ------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    unit: Any = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    name_km: str = "",
    scope: str = "",
    actor: Any = None,
) -> User:
    role_obj = _role_for(role)
    _check_scope_value(scope)
    if actor is not None:
        if not actor.has_perm("accounts.add_user"):
            raise PermissionDenied(_("You may not create accounts."))
        if unit is not None and not actor.is_superuser:
            from santisuk.org.models import Unit

            if not Unit.objects.restrict(actor, "view").filter(pk=unit.pk).exists():
                raise ValidationError({"unit": _("This unit is outside your scope.")})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        name_km=name_km,
        unit=unit,
        role=role_obj,
        scope=scope,
        # Administrators maintain reference tables in the Django admin.
        is_staff=role_obj.code == RoleCode.ADMINISTRATOR,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    event_record(
        name="account.created", obj=user, data={"role": role_obj.code, "unit": unit and unit.pk}
    )
    return user


_UNCHANGED: Any = object()


@transaction.atomic
def user_update_assignment(
    *,
    user: User,
    unit: Any = _UNCHANGED,
    role: Any = _UNCHANGED,
    scope: Any = _UNCHANGED,
    actor: Any,
) -> User:
    """Move a user to another unit, role or scope. Permissions and scope are read afresh on
    every request, so the change applies on the user's very next request. ``None`` leaves a
    value as it is (the scope's "role default" is the empty string)."""
    user = concrete_user(user)
    _require_manager(actor, user)
    before = {"unit": user.unit_id, "role": user.role_id, "scope": user.scope}
    if unit is not _UNCHANGED and unit is not None:
        if actor is not None and not actor.is_superuser:
            from santisuk.org.models import Unit

            if not Unit.objects.restrict(actor, "view").filter(pk=unit.pk).exists():
                raise ValidationError({"unit": _("This unit is outside your scope.")})
        user.unit = unit
    if role is not _UNCHANGED and role is not None:
        user.role = _role_for(role)
        user.is_staff = user.role.code == RoleCode.ADMINISTRATOR
    if scope is not _UNCHANGED and scope is not None:
        _check_scope_value(scope)
        user.scope = scope
    user.full_clean()
    user.save()
    _forget_cached_permissions(user)
    after = {"unit": user.unit_id, "role": user.role_id, "scope": user.scope}
    if after != before:
        event_record(
            name="account.assignment_changed", obj=user, data={"before": before, "after": after}
        )
    return user


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def sessions_end(*, user: User) -> int:
    """Delete every server-side session of ``user``; an old cookie then logs in nobody."""
    store = _session_store()
    rows = list(UserSession.objects.filter(user=user))
    for row in rows:
        store(session_key=row.session_key).delete()
    UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


@transaction.atomic
def user_deactivate(*, user: User, actor: Any) -> User:
    user = concrete_user(user)
    _require_manager(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    user.is_active = False
    user.full_clean()
    user.save()
    sessions = sessions_end(user=user)
    tokens, _deleted = AuthToken.objects.filter(user=user).delete()
    event_record(
        name="account.deactivated", obj=user, data={"sessions_ended": sessions, "tokens": tokens}
    )
    return user


def user_can_unlock(actor: Any, user: User | None = None) -> bool:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if not actor.is_superuser and not (actor.role_id and actor.role.can_unlock_accounts):
        return False
    return user is None or _in_scope(actor, user)


def users_unlockable(actor: Any):
    """The accounts ``actor`` may unlock: inside their scope (no view permission needed, the
    role's ``can_unlock_accounts`` is the rule)."""
    if not user_can_unlock(actor):
        return User.objects.none()
    if actor.is_superuser:
        return User.objects.all()
    return User.objects.filter(unit_scope_q(actor, "unit"))


@transaction.atomic
def user_unlock(*, user: User, actor: Any) -> int:
    """Unlock an account locked by failed logins. Returns how many failure records were
    cleared."""
    user = concrete_user(user)
    if actor is not None and not user_can_unlock(actor, user):
        raise PermissionDenied(_("You may not unlock this account."))
    username = user.get_username()
    was_locked, _deleted = AccountLock.objects.filter(username=username).delete()
    cleared = axes_reset(username=username)
    event_record(
        name="account.unlocked",
        obj=user,
        data={"was_locked": bool(was_locked), "failures_cleared": cleared},
    )
    return cleared


# --- API tokens -------------------------------------------------------------------------------


def _require_self_or_manager(actor: Any, user: User) -> None:
    if actor is None or actor.pk == user.pk:
        return
    _require_manager(actor, user)


@transaction.atomic
def token_create(
    *, user: User, actor: Any, expires_in: timedelta | None = None
) -> tuple[AuthToken, str]:
    """A new API token for ``user``; returns the token row and the secret, shown only once.
    Every token expires (at most ``API_TOKEN_TTL`` from now) and acts with the user's scope."""
    user = concrete_user(user)
    _require_self_or_manager(actor, user)
    if not user.is_active:
        raise ValidationError({"user": _("This account is deactivated.")})
    longest = settings.API_TOKEN_TTL
    if expires_in is None:
        expires_in = longest
    if expires_in <= timedelta(0) or expires_in > longest:
        raise ValidationError(
            {
                "expires_in": _(
                    "A token must expire after a positive time of at most %(days)s days."
                )
                % {"days": longest.days}
            }
        )
    token, secret = AuthToken.objects.create(user=user, expiry=expires_in)
    event_record(
        name="token.created",
        obj=user,
        data={"token_id": token.token_key, "expiry": token.expiry.isoformat()},
    )
    return token, secret


@transaction.atomic
def token_revoke(
    *, user: User, actor: Any, token_id: str | None = None, revoke_all: bool = False
) -> int:
    """Revoke one token of ``user`` (by its id, the ``token_key`` shown in lists) or all of
    them. Returns how many were revoked."""
    user = concrete_user(user)
    _require_self_or_manager(actor, user)
    if not revoke_all and not token_id:
        raise ValidationError({"token_id": _("Name the token to revoke, or revoke all.")})
    tokens = AuthToken.objects.filter(user=user)
    if not revoke_all:
        tokens = tokens.filter(token_key=token_id)
    ids = list(tokens.values_list("token_key", flat=True))
    count, _deleted = tokens.delete()
    if count:
        event_record(name="token.revoked", obj=user, data={"token_ids": ids})
    return count
