"""A module's bare address (/cases/, /elections/…) leads to its first page, never to a 404."""

import pytest
from django.urls import reverse

from santisuk.urls import DOMAIN_APPS

pytestmark = pytest.mark.django_db


def test_every_module_address_leads_somewhere(client_for, admin_user):
    client = client_for(admin_user)
    for app in DOMAIN_APPS:
        response = client.get(f"/{app}/", follow=True)
        assert response.status_code == 200, app


def test_it_opens_the_first_page_the_user_may_see(client_for, analyst, auditor):
    response = client_for(analyst).get("/elections/")
    assert response.status_code == 302
    assert response["Location"] == reverse("elections:dashboard")
    # An app with nothing this user may open sends them home.
    assert not auditor.has_perm("elections.view_incident")
    assert client_for(auditor).get("/elections/")["Location"] == reverse("core:home")


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get("/cases/")
    assert response.status_code == 302
    assert "login" in response["Location"]
