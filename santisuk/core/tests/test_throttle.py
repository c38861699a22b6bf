"""The per-address allowances shared by the login page and the public forms."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from santisuk.core.models import ThrottleHit
from santisuk.core.throttle import throttle_hit

pytestmark = pytest.mark.django_db


def request_from(address: str):
    return RequestFactory().get("/", REMOTE_ADDR=address)


@pytest.fixture
def two_a_minute(settings):
    settings.THROTTLES = {**settings.THROTTLES, "test": (2, 60)}


def test_an_address_is_refused_past_its_allowance_and_free_again_after_the_window(two_a_minute):
    now = timezone.now()
    assert not throttle_hit(request_from("198.51.100.7"), "test", now=now)
    assert not throttle_hit(request_from("198.51.100.7"), "test", now=now)
    assert throttle_hit(request_from("198.51.100.7"), "test", now=now)
    # Another address and another allowance are counted apart.
    assert not throttle_hit(request_from("192.0.2.44"), "test", now=now)
    assert not throttle_hit(request_from("198.51.100.7"), "login", now=now)
    # Refused requests are not counted: once the first two leave the window, it may go on.
    assert not throttle_hit(request_from("198.51.100.7"), "test", now=now + timedelta(seconds=61))


def test_the_table_keeps_no_address_and_nothing_older_than_the_window(two_a_minute):
    start = timezone.now()
    throttle_hit(request_from("198.51.100.7"), "test", now=start)
    throttle_hit(request_from("192.0.2.44"), "test", now=start + timedelta(seconds=90))
    rows = list(ThrottleHit.objects.filter(bucket="test").values_list("client", flat=True))
    assert len(rows) == 1
    assert "192.0.2.44" not in rows[0]


def test_receipt_look_ups_on_the_public_page_are_throttled(settings):
    settings.THROTTLES = {**settings.THROTTLES, "plates.tip_status": (3, 3600)}
    client = Client(REMOTE_ADDR="198.51.100.7")
    url = reverse("plates:tip_status")
    for receipt in ("T-AAAAAAAA", "T-AAAAAAAB", "T-AAAAAAAC"):
        response = client.get(url, {"receipt": receipt})
        assert response.status_code == 200
        assert "No report has this receipt number" in response.content.decode()
    response = client.get(url, {"receipt": "T-AAAAAAAD"})
    assert response.status_code == 429
    assert "Too many look-ups" in response.content.decode()
    # Opening the empty form is not a look-up.
    assert client.get(url).status_code == 200
