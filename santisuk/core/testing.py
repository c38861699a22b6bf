"""Test support: ``login`` (also used by the benchmarks) and the generic scope test every scoped
model registers into.

An app registers its scoped models in ``santisuk/<app>/tests/scope_cases.py`` as ``CASES``: how to
make a record owned by a Phnom Penh unit, and where it shows in the UI and the API. The test in
``santisuk/core/tests/test_scope.py`` then checks, for each case, that a Siem Reap user with the
same permissions gets 404 on its detail pages and does not find it in the list, the export and
the search, while a Phnom Penh user does (so the test can fail).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class ScopeCase:
    name: str
    # make(units, personas) → a record owned by units.pp_district (Phnom Penh)
    make: Callable[[Any, dict], Any]
    # text that identifies the record in a list page, an export and an API list
    marker: Callable[[Any], str]
    ui_list: str
    ui_detail: Callable[[Any], str]
    api_list: str
    api_detail: Callable[[Any], str]
    # query parameters of a search that would find the record (UI list and API list)
    search: Callable[[Any], dict] = field(default=lambda obj: {})
    # personas: one who sees the record, one of another province who must not
    insider: str = "pp_chief"
    outsider: str = "sr_chief"
    export: bool = True


def registered_cases() -> list[ScopeCase]:
    cases: list[ScopeCase] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("santisuk."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.scope_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


def login(client, user):
    """Log ``user`` in on ``client`` as the login page would, second factor included."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if user.mfa_required:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="default", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
