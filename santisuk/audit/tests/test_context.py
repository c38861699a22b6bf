"""Who a write is attributed to: the request's user (even one authenticated by the view, as API
tokens are), or the command that runs."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from santisuk.audit.middleware import AuditContextMiddleware
from santisuk.audit.models import ChangeEntry
from santisuk.org.models import Unit

pytestmark = pytest.mark.django_db


def test_api_write_is_attributed_to_the_user_the_view_authenticated(auditor):
    request = RequestFactory().post("/api/org/units/", REMOTE_ADDR="192.0.2.10")
    request.request_id = "req-api-0001"
    request.user = AnonymousUser()

    def view(request):
        request.user = auditor  # what token authentication does inside the view
        return Unit.objects.create(code="BB", name_en="Battambang", kind="ministry", path="BB/")

    unit = AuditContextMiddleware(view)(request)
    entry = ChangeEntry.objects.get(content_type="org.unit", object_id=str(unit.pk))
    assert (entry.actor_id, entry.actor_label, entry.unit_id) == (
        auditor.pk,
        "national.auditor",
        auditor.unit_id,
    )
    assert (entry.request_id, entry.source) == ("req-api-0001", "api")


def test_anonymous_request_is_labelled_anonymous():
    request = RequestFactory().get("/accounts/login/")
    request.request_id = "req-web-0002"
    request.user = AnonymousUser()

    def view(request):
        return Unit.objects.create(code="KP", name_en="Kampot", kind="ministry", path="KP/")

    unit = AuditContextMiddleware(view)(request)
    entry = ChangeEntry.objects.get(content_type="org.unit", object_id=str(unit.pk))
    assert (entry.actor_id, entry.actor_label, entry.source) == (None, "anonymous", "web")


def test_outside_any_request_or_command_the_system_is_the_actor():
    unit = Unit.objects.create(code="KK", name_en="Koh Kong", kind="ministry", path="KK/")
    entry = ChangeEntry.objects.get(content_type="org.unit", object_id=str(unit.pk))
    assert (entry.actor_label, entry.source) == ("system", "system")
