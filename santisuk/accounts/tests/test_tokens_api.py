"""API tokens expire and can be revoked; the accounts API answers within the caller's scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from santisuk.accounts.services import token_create, token_revoke

pytestmark = pytest.mark.django_db


def api(secret):
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


def test_an_expired_token_answers_401(pp_officer, clock):
    _token, secret = token_create(user=pp_officer, actor=pp_officer, expires_in=timedelta(days=1))
    assert api(secret).get("/api/accounts/me/").status_code == 200
    clock.shift(timedelta(days=1, seconds=1))
    response = api(secret).get("/api/accounts/me/")
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=pp_officer).exists()


def test_tokens_never_outlive_the_configured_ttl(pp_officer, settings):
    with pytest.raises(ValidationError) as error:
        token_create(user=pp_officer, actor=pp_officer, expires_in=timedelta(days=365 * 5))
    assert "expires_in" in error.value.message_dict
    token, _secret = token_create(user=pp_officer, actor=pp_officer)
    assert token.expiry is not None


def test_a_revoked_token_answers_401(pp_officer):
    token, secret = token_create(user=pp_officer, actor=pp_officer)
    _other, other_secret = token_create(user=pp_officer, actor=pp_officer)
    assert token_revoke(user=pp_officer, actor=pp_officer, token_id=token.token_key) == 1
    assert api(secret).get("/api/accounts/me/").status_code == 401
    assert api(other_secret).get("/api/accounts/me/").status_code == 200
    assert token_revoke(user=pp_officer, actor=pp_officer, revoke_all=True) == 1
    assert api(other_secret).get("/api/accounts/me/").status_code == 401


def test_someone_else_cannot_revoke_or_create_my_tokens(pp_officer, sr_officer):
    from django.core.exceptions import PermissionDenied

    token, _secret = token_create(user=pp_officer, actor=pp_officer)
    with pytest.raises(PermissionDenied):
        token_revoke(user=pp_officer, actor=sr_officer, token_id=token.token_key)
    with pytest.raises(PermissionDenied):
        token_create(user=pp_officer, actor=sr_officer)


def test_token_endpoints(pp_officer, client_for):
    session = client_for(pp_officer)
    created = session.post("/api/accounts/tokens/", {"expires_in_days": 7})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"token_id", "created", "expiry", "token"}
    listed = session.get("/api/accounts/tokens/").json()
    assert [t["token_id"] for t in listed] == [body["token_id"]]
    assert "token" not in listed[0]

    # A token may read but may not mint its successors.
    assert api(body["token"]).get("/api/accounts/tokens/").status_code == 200
    assert api(body["token"]).post("/api/accounts/tokens/", {}).status_code == 403

    too_long = session.post("/api/accounts/tokens/", {"expires_in_days": 10_000})
    assert too_long.status_code == 400
    assert "expires_in_days" in too_long.json()

    assert session.delete(f"/api/accounts/tokens/{body['token_id']}/").status_code == 204
    assert session.delete(f"/api/accounts/tokens/{body['token_id']}/").status_code == 404
    assert api(body["token"]).get("/api/accounts/me/").status_code == 401


def test_me(pp_officer, api_client_for):
    data = api_client_for(pp_officer).get("/api/accounts/me/").json()
    assert data["username"] == pp_officer.username
    assert data["role"] == "officer"
    assert data["effective_scope"] == "own_unit"
    assert "geo.view_area" in data["permissions"]
    assert "password" not in data


def test_users_api_is_restricted_to_scope(
    pp_unit_chief, pp_officer, sr_officer, pp_clerk, api_client_for
):
    client = api_client_for(pp_unit_chief)
    names = {u["username"] for u in client.get("/api/accounts/users/").json()["results"]}
    assert pp_officer.username in names
    assert sr_officer.username not in names
    assert pp_clerk.username not in names  # the clerk sits above the chief's district
    assert client.get(f"/api/accounts/users/{sr_officer.pk}/").status_code == 404
    assert client.get(f"/api/accounts/users/{pp_officer.pk}/").status_code == 200
    # Read only.
    assert client.post("/api/accounts/users/", {"username": "x"}).status_code in (403, 405)
    assert not type(pp_officer).objects.filter(username="x").exists()
    # Officers have no access to accounts.
    assert api_client_for(pp_officer).get("/api/accounts/users/").status_code == 403


def test_profile_page_creates_a_token_shown_once(pp_officer, client_for):
    client = client_for(pp_officer)
    page = client.post(reverse("accounts:token_create"), {"expires_in_days": 3})
    assert page.status_code == 200
    token = AuthToken.objects.get(user=pp_officer)
    html = page.content.decode()
    assert "it will not be shown again" in html
    assert page["Cache-Control"] == "no-store"
    again = client.get(reverse("accounts:profile")).content.decode()
    assert token.token_key in again
    assert "it will not be shown again" not in again

    revoke = client.post(reverse("accounts:token_revoke", args=[token.token_key]))
    assert revoke.status_code == 302
    assert not AuthToken.objects.filter(user=pp_officer).exists()
