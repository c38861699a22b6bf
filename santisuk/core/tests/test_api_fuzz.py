"""Schemathesis over the whole API, in process: whatever it sends, no request ends in a server
error. It runs as the administrator (who may call every endpoint) with a real API token."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from santisuk.wsgi import application


@pytest.fixture
def api_schema(db):
    # As Django's test client does: a request must not close the test's database connection
    # (with CONN_MAX_AGE=0 the end of every request would, and roll the test back).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(admin_user, geo_world):
    from santisuk.accounts.services import token_create

    _, key = token_create(user=admin_user, actor=admin_user)
    return key


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_answers_with_a_server_error(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {admin_token}"}, checks=[not_a_server_error]
    )
