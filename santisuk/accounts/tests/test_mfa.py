"""TOTP second factor: required for administrators and provincial chiefs, optional for others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from santisuk.accounts.services import token_create
from santisuk.accounts.tests.conftest import PASSWORD, attempt, logged_in

pytestmark = pytest.mark.django_db


def code_for(device):
    """The code the user's authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


@pytest.mark.parametrize("persona", ["admin_user", "pp_chief"])
def test_required_roles_are_sent_to_enrol_then_verify(persona, request, clock):
    user = request.getfixturevalue(persona)
    client = Client()
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_enrol"))
    # Every other page sends them back until they have a second factor.
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:mfa_enrol"))
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert client.get("/api/accounts/me/").status_code == 403

    page = client.get(reverse("accounts:mfa_enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    assert b32encode(device.bin_key).decode() in html

    wrong = client.post(reverse("accounts:mfa_enrol"), {"code": "000000"})
    assert wrong.status_code == 400
    clock.shift(timedelta(seconds=5))  # django-otp slows down guessing after a wrong code
    done = client.post(reverse("accounts:mfa_enrol"), {"code": code_for(device), "next": "/"})
    assert done.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200

    # Next login: the code is asked for.
    clock.shift(timedelta(minutes=1))
    second = Client()
    response = attempt(second, user.username, PASSWORD)
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert second.get(reverse("core:home"))["Location"].startswith(reverse("accounts:mfa_verify"))
    assert second.post(reverse("accounts:mfa_verify"), {"code": "123456"}).status_code == 400
    clock.shift(timedelta(seconds=5))
    device.refresh_from_db()
    ok = second.post(reverse("accounts:mfa_verify"), {"code": code_for(device), "next": "/"})
    assert ok.status_code == 302
    assert second.get(reverse("core:home")).status_code == 200


def test_a_password_alone_cannot_enrol_a_new_device(admin_user, clock):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client = Client()
    attempt(client, admin_user.username, PASSWORD)
    response = client.get(reverse("accounts:mfa_enrol"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1
    assert device.pk


def test_optional_for_officers(pp_officer, clock):
    client = Client()
    response = attempt(client, pp_officer.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200

    # Turned on from the profile page, it is then asked for at every login.
    client.get(reverse("accounts:mfa_enrol"))
    device = TOTPDevice.objects.get(user=pp_officer)
    client.post(reverse("accounts:mfa_enrol"), {"code": code_for(device)})
    assert TOTPDevice.objects.get(user=pp_officer).confirmed
    second = Client()
    response = attempt(second, pp_officer.username, PASSWORD)
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert second.get(reverse("core:home")).status_code == 302

    # And may be turned off again from a verified session.
    assert client.post(reverse("accounts:mfa_disable")).status_code == 302
    assert not TOTPDevice.objects.filter(user=pp_officer).exists()


def test_backup_codes_work_once(pp_chief, client_for, clock):
    client = client_for(pp_chief)  # verified session
    page = client.post(reverse("accounts:mfa_backup_codes"))
    from django_otp.plugins.otp_static.models import StaticToken

    codes = list(StaticToken.objects.filter(device__user=pp_chief).values_list("token", flat=True))
    assert len(codes) == 10
    assert codes[0] in page.content.decode()

    other = Client()
    attempt(other, pp_chief.username, PASSWORD)
    assert other.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 302
    assert other.get(reverse("core:home")).status_code == 200
    third = Client()
    attempt(third, pp_chief.username, PASSWORD)
    assert third.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 400


def test_api_tokens_are_exempt(admin_user):
    _token, secret = token_create(user=admin_user, actor=admin_user)
    api = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.get("/api/accounts/me/")
    assert response.status_code == 200
    assert response.json()["username"] == admin_user.username
    assert logged_in(Client()) is False


def test_a_superuser_without_a_role_must_use_a_second_factor(db, client):
    from santisuk.accounts.models import User

    User.objects.create_superuser("root", "root@example.org", "Kampot-pepper-2024")
    response = client.post(
        "/accounts/login/", {"username": "root", "password": "Kampot-pepper-2024"}
    )
    assert response.status_code == 302
    assert "/accounts/mfa/enrol/" in response["Location"]
    assert client.get("/").status_code == 302
