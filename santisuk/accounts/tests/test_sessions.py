"""Sessions end after 30 minutes idle and 12 hours in all; logout and deactivation end them on
the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from santisuk.accounts.services import token_create, user_deactivate
from santisuk.accounts.tests.conftest import PASSWORD, attempt, logged_in

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("core:home"))


def logged_in_client(user):
    client = Client()
    attempt(client, user.username, PASSWORD)
    assert logged_in(client)
    return client


def test_idle_for_thirty_minutes_ends_the_session(pp_officer, clock):
    client = logged_in_client(pp_officer)
    key = client.session.session_key
    clock.shift(timedelta(minutes=29))
    assert home(client).status_code == 200
    clock.shift(timedelta(minutes=29))  # active 29 minutes ago: still fine
    assert home(client).status_code == 200
    clock.shift(timedelta(minutes=31))
    response = home(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key=key).exists()
    page = client.get(response["Location"])
    assert "30 minutes without activity" in page.content.decode()
    assert not logged_in(client)


def test_twelve_hours_end_the_session_even_when_active(pp_officer, clock):
    client = logged_in_client(pp_officer)
    for _ in range(35):  # 11 h 40 min of steady work
        clock.shift(timedelta(minutes=20))
        assert home(client).status_code == 200
    clock.shift(timedelta(minutes=21))
    response = home(client)
    assert response.status_code == 302
    assert "12 hours" in client.get(response["Location"]).content.decode()
    assert home(client).status_code == 302


def test_logout_deletes_the_session_on_the_server(pp_officer):
    client = logged_in_client(pp_officer)
    cookie = client.cookies["sessionid"].value
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=cookie).exists()

    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = home(replay)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_is_post_only(pp_officer):
    client = logged_in_client(pp_officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert logged_in(client)


def test_deactivation_ends_sessions_and_revokes_tokens(pp_officer, admin_user, client_for):
    browser = logged_in_client(pp_officer)
    laptop = logged_in_client(pp_officer)
    _token, secret = token_create(user=pp_officer, actor=pp_officer)
    cookies = [browser.cookies["sessionid"].value, laptop.cookies["sessionid"].value]

    response = client_for(admin_user).post(
        reverse("accounts:user_deactivate", args=[pp_officer.pk])
    )
    assert response.status_code == 302

    assert not Session.objects.filter(session_key__in=cookies).exists()
    assert home(browser).status_code == 302
    assert home(laptop).status_code == 302
    api = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/accounts/me/").status_code == 401
    pp_officer.refresh_from_db()
    assert not pp_officer.is_active


def test_deactivation_needs_a_manager_in_scope(pp_officer, sr_chief, pp_unit_chief):
    from django.core.exceptions import PermissionDenied

    for actor in (sr_chief, pp_unit_chief):  # chiefs do not manage accounts by default
        with pytest.raises(PermissionDenied):
            user_deactivate(user=pp_officer, actor=actor)
