"""The account pages render for the people who may see them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_both_languages():
    page = Client().get(reverse("accounts:login"))
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    khmer = Client(HTTP_ACCEPT_LANGUAGE="km").get(reverse("accounts:login"))
    assert khmer.status_code == 200


def test_profile_shows_role_unit_and_scope(pp_officer, client_for):
    html = client_for(pp_officer).get(reverse("accounts:profile")).content.decode()
    assert "Officer" in html
    assert pp_officer.unit.code in html
    assert "Own unit" in html


def test_users_list_and_detail_follow_scope(pp_unit_chief, pp_officer, sr_officer, client_for):
    chief = client_for(pp_unit_chief)
    html = chief.get(reverse("accounts:user_list")).content.decode()
    assert pp_officer.username in html
    assert sr_officer.username not in html
    assert chief.get(reverse("accounts:user_detail", args=[pp_officer.pk])).status_code == 200
    assert chief.get(reverse("accounts:user_detail", args=[sr_officer.pk])).status_code == 404
    export = chief.get(reverse("accounts:user_list") + "?export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert pp_officer.username.encode() in body
    assert sr_officer.username.encode() not in body


def test_anonymous_users_are_sent_to_login():
    response = Client().get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_admin_logs_in_through_the_hardened_page():
    response = Client().get("/admin/")
    assert response.status_code == 302
    login = Client().get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("accounts:login"))
    assert "next=/admin/" in login["Location"]


def test_admin_pages_for_accounts_render(admin_user, client_for):
    admin = client_for(admin_user)
    for url in (
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{admin_user.pk}/change/",
        "/admin/accounts/role/",
        "/admin/accounts/accountlock/",
    ):
        assert admin.get(url).status_code == 200, url
