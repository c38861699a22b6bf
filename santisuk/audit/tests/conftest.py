"""Local fixtures: an auditor and an officer with the permissions their roles give them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from santisuk.accounts.models import Role, User
from santisuk.audit import context
from santisuk.org.models import Unit


def _role(code: str, scope: str, *perms: str) -> Role:
    group = Group.objects.create(name=f"test-{code}")
    for perm in perms:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return Role.objects.create(code=code, group=group, default_scope=scope)


@pytest.fixture
def unit(db) -> Unit:
    return Unit.objects.create(
        code="PP", name_en="Phnom Penh Commissariat", kind="ministry", path="PP/"
    )


@pytest.fixture
def auditor(db, unit) -> User:
    role = _role("auditor", "national", "audit.view_changeentry", "audit.view_accessentry")
    return User.objects.create_user(
        username="auditor1", password="a-long-passphrase-1", role=role, unit=unit
    )


@pytest.fixture
def officer(db, unit) -> User:
    role = _role("officer", "own_unit", "org.view_unit")
    return User.objects.create_user(
        username="officer1", password="a-long-passphrase-2", role=role, unit=unit
    )


@pytest.fixture
def client_for(client):
    def login(user: User):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def acting_as():
    """Run code as ``user`` would in a request: the change log attributes writes to them."""

    def enter(user: User, request_id: str = "req-test-0001"):
        return context.using(
            context.for_user(user, request_id=request_id, source="web", ip_address="10.0.0.7")
        )

    return enter


@pytest.fixture
def drop_audit_triggers(db):
    """What an intruder with database access does first. DDL is transactional on SQLite and
    PostgreSQL, so the test's rollback brings the triggers back."""

    def drop() -> None:
        with connection.cursor() as cursor:
            for table in ("audit_changeentry", "audit_accessentry"):
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER {table}_append_only ON {table}")
                    cursor.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
                else:
                    cursor.execute(f"DROP TRIGGER {table}_no_update")
                    cursor.execute(f"DROP TRIGGER {table}_no_delete")

    return drop
