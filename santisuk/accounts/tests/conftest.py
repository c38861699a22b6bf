"""Helpers for the access tests; the personas come from the project's root conftest."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

PASSWORD = "Kampot-pepper-2024"  # the personas' password (root conftest)
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    """A stopped clock at START; ``clock.shift(timedelta)`` moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def attempt(client, username, password, address="192.0.2.10", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def login_entries():
    from santisuk.audit.models import AccessEntry

    return AccessEntry.objects.filter(action__startswith="login.")
