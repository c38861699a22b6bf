"""Fixtures of the audit tests; the personas (auditor, pp_officer, admin_user...) and
``client_for`` come from the project's conftest."""

from __future__ import annotations

import pytest
from django.db import connection

from santisuk.audit import context


@pytest.fixture
def unit(units):
    return units.pp


@pytest.fixture
def acting_as():
    """Run code as ``user`` would in a request: the change log attributes writes to them."""

    def enter(user, request_id: str = "req-test-0001"):
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
