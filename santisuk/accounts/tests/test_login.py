"""Login hardening: lockout after 5 failures in 15 minutes, unlock by a chief, the per-address
throttle, one message for every refusal, and an access entry for every attempt."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from santisuk.accounts.forms import LOGIN_FAILED
from santisuk.accounts.models import AccountLock
from santisuk.accounts.tests.conftest import PASSWORD, attempt, logged_in, login_entries
from santisuk.audit.models import ChangeEntry

pytestmark = pytest.mark.django_db

MESSAGE = str(LOGIN_FAILED)


def fail(client, username, times, **kwargs):
    responses = [attempt(client, username, "wrong-password", **kwargs) for _ in range(times)]
    return responses[-1]


def test_five_failures_lock_and_the_right_password_then_fails_with_the_same_message(
    pp_officer, clock
):
    client = Client()
    last = fail(client, pp_officer.username, 5)
    assert last.status_code == 200
    assert MESSAGE in last.content.decode()
    assert AccountLock.objects.filter(username=pp_officer.username).exists()

    sixth = attempt(client, pp_officer.username, PASSWORD)
    assert sixth.status_code == last.status_code
    assert MESSAGE in sixth.content.decode()
    assert not logged_in(client)

    # Locked means locked: waiting does not help, only an unlock does.
    clock.shift(timedelta(days=2))
    assert (
        not logged_in(Client())
        and attempt(Client(), pp_officer.username, PASSWORD).status_code == 200
    )
    assert not logged_in(client)


def test_four_failures_do_not_lock(pp_officer, clock):
    client = Client()
    fail(client, pp_officer.username, 4)
    attempt(client, pp_officer.username, PASSWORD)
    assert logged_in(client)


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(pp_officer, clock):
    client = Client()
    fail(client, pp_officer.username, 4)
    clock.shift(timedelta(minutes=16))
    fail(client, pp_officer.username, 4)  # 8 failures, never 5 inside 15 minutes
    assert not AccountLock.objects.exists()
    attempt(client, pp_officer.username, PASSWORD)
    assert logged_in(client)


def test_five_failures_inside_a_sliding_window_lock(pp_officer, clock):
    client = Client()
    fail(client, pp_officer.username, 2)
    clock.shift(timedelta(minutes=10))
    fail(client, pp_officer.username, 2)
    clock.shift(timedelta(minutes=4))  # the first two are 14 minutes old: still inside
    fail(client, pp_officer.username, 1)
    assert AccountLock.objects.filter(username=pp_officer.username).exists()


def test_a_successful_login_starts_the_count_again(pp_officer, clock):
    client = Client()
    fail(client, pp_officer.username, 4)
    attempt(client, pp_officer.username, PASSWORD)
    assert logged_in(client)
    fail(Client(), pp_officer.username, 4)
    assert not AccountLock.objects.exists()


def test_unknown_user_and_deactivated_user_get_the_same_page(pp_officer, pp_clerk):
    wrong = attempt(Client(), pp_officer.username, "wrong-password")
    unknown = attempt(Client(), "nobody.here", "wrong-password")
    pp_clerk.is_active = False
    pp_clerk.save()
    inactive = attempt(Client(), pp_clerk.username, PASSWORD)
    for response in (wrong, unknown, inactive):
        assert response.status_code == 200
        assert MESSAGE in response.content.decode()
    # Apart from the CSRF token and the user name typed in, the pages are the same.
    pages = {
        normalised(wrong, pp_officer.username),
        normalised(unknown, "nobody.here"),
        normalised(inactive, pp_clerk.username),
    }
    assert len(pages) == 1


def normalised(response, username):
    html = response.content.decode().replace(f'value="{username}"', 'value=""')
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)


def test_unlock_by_the_unit_chief(pp_officer, pp_unit_chief, client_for, clock):
    fail(Client(), pp_officer.username, 5)
    chief = client_for(pp_unit_chief)
    listing = chief.get(reverse("accounts:locked_list"))
    assert listing.status_code == 200
    assert pp_officer.username in listing.content.decode()

    response = chief.post(reverse("accounts:user_unlock", args=[pp_officer.pk]))
    assert response.status_code == 302
    assert not AccountLock.objects.exists()
    assert (
        ChangeEntry.objects.filter(event="account.unlocked", object_id=str(pp_officer.pk)).count()
        == 1
    )

    client = Client()
    attempt(client, pp_officer.username, PASSWORD)
    assert logged_in(client)


def test_unlock_refused_outside_role_or_scope(pp_officer, sr_officer, sr_chief, client_for):
    fail(Client(), pp_officer.username, 5)
    url = reverse("accounts:user_unlock", args=[pp_officer.pk])
    # An officer may not unlock anyone.
    assert client_for(sr_officer).post(url).status_code == 403
    assert client_for(sr_officer).get(reverse("accounts:locked_list")).status_code == 403
    # A chief of another province does not see the account at all.
    sr = client_for(sr_chief)
    assert sr.post(url).status_code == 404
    assert pp_officer.username not in sr.get(reverse("accounts:locked_list")).content.decode()
    assert AccountLock.objects.filter(username=pp_officer.username).exists()


@override_settings(THROTTLES={**settings.THROTTLES, "login": (6, 15 * 60)})
def test_per_address_throttle_answers_429_and_locks_no_account(
    pp_officer, pp_clerk, sr_officer, clock
):
    attacker = Client()
    targets = [pp_officer.username, pp_clerk.username, sr_officer.username]
    for username in targets * 2:  # six attempts, two per account
        assert (
            attempt(attacker, username, "wrong-password", address="198.51.100.7").status_code == 200
        )
    blocked = attempt(attacker, pp_officer.username, PASSWORD, address="198.51.100.7")
    assert blocked.status_code == 429
    assert not logged_in(attacker)
    for username in targets * 3:
        assert attempt(attacker, username, "wrong", address="198.51.100.7").status_code == 429
    assert not AccountLock.objects.exists()

    # The officers themselves, from their own address, are not affected.
    officer = Client()
    attempt(officer, pp_officer.username, PASSWORD, address="192.0.2.44")
    assert logged_in(officer)

    # Once the window has passed, the address may try again.
    clock.shift(timedelta(minutes=16))
    again = Client()
    attempt(again, pp_clerk.username, PASSWORD, address="198.51.100.7")
    assert logged_in(again)


@override_settings(THROTTLES={**settings.THROTTLES, "login": (4, 15 * 60)})
def test_every_attempt_leaves_one_access_entry(pp_officer, clock):
    client = Client()
    attempt(client, pp_officer.username, "wrong-1")
    attempt(client, "nobody.here", "wrong-2")
    attempt(client, pp_officer.username, PASSWORD)
    assert logged_in(client)
    attempt(Client(), pp_officer.username, "wrong-3")
    attempt(Client(), pp_officer.username, "wrong-4")  # fifth request from this address: 429
    actions = list(login_entries().order_by("id").values_list("action", "outcome"))
    assert actions == [
        ("login.failed", "denied"),
        ("login.failed", "denied"),
        ("login.succeeded", "allowed"),
        ("login.failed", "denied"),
        ("login.throttled", "denied"),
    ]
    entry = login_entries().get(action="login.succeeded")
    assert entry.query == {"username": pp_officer.username}


def test_attempts_against_a_locked_account_are_logged_as_locked(pp_officer, clock):
    fail(Client(), pp_officer.username, 5)
    attempt(Client(), pp_officer.username, PASSWORD)
    actions = list(login_entries().order_by("id").values_list("action", flat=True))
    assert actions == ["login.failed"] * 4 + ["login.locked", "login.locked"]
