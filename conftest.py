"""Named personas built through the real services, shared by every app's tests.

Phnom Penh (12) and Siem Reap (17) each have a provincial commissariat and a district
inspectorate; the personas are an officer, a unit chief, a records clerk and a provincial chief in
Phnom Penh, an officer and a provincial chief in Siem Reap, and a national analyst, an auditor
and an administrator at the ministry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from santisuk.core.testing import login

PASSWORD = "Kampot-pepper-2024"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Building each persona hashes a password; the production hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def committed_db(django_db_blocker):
    """For tests marked ``django_db(transaction=True)``: they commit, and the database is emptied
    when each ends. The audit log allows that only on a throw-away database whose settings say
    so (module scope: still on when the flush runs), and the reference rows that migrations
    seeded are written again afterwards, for the tests that follow on the same database."""
    from django.apps import apps
    from django.conf import settings

    from santisuk.plates.seed import seed

    settings.AUDIT_ALLOW_FLUSH = True
    yield
    del settings.AUDIT_ALLOW_FLUSH
    with django_db_blocker.unblock():
        seed(apps)


@dataclass
class GeoWorld:
    pp: object
    pp_district: object
    pp_commune: object
    pp_village: object
    sr: object
    sr_district: object
    sr_commune: object
    sr_village: object


def _area(code, name_en, name_km, parent=None, kind=""):
    from santisuk.geo.choices import LEVEL_BY_LENGTH
    from santisuk.geo.models import Area

    area = Area(
        code=code,
        level=LEVEL_BY_LENGTH[len(code)],
        kind=kind,
        parent=parent,
        name_en=name_en,
        name_km=name_km,
        valid_from=datetime.date(2025, 1, 1),
    )
    area.province = parent.province if parent else None
    area.save()
    if parent is None:
        area.province = area
        area.save()
    return area


@pytest.fixture
def geo_world(db) -> GeoWorld:
    pp = _area("12", "Phnom Penh", "រាជធានីភ្នំពេញ", kind="capital")
    pp_d = _area("1201", "Chamkar Mon", "ចំការមន", pp, "khan")
    pp_c = _area("120101", "Tonle Basak", "ទន្លេបាសាក់", pp_d, "sangkat")
    pp_v = _area("12010101", "Phum 1", "ភូមិ ១", pp_c, "village")
    sr = _area("17", "Siem Reap", "សៀមរាប", kind="province")
    sr_d = _area("1710", "Krong Siem Reap", "ក្រុងសៀមរាប", sr, "krong")
    sr_c = _area("171001", "Sla Kram", "ស្លក្រាម", sr_d, "sangkat")
    sr_v = _area("17100101", "Phum Sla Kram", "ភូមិស្លក្រាម", sr_c, "village")
    return GeoWorld(pp, pp_d, pp_c, pp_v, sr, sr_d, sr_c, sr_v)


@dataclass
class Units:
    moi: object
    gcnp: object
    pp: object
    pp_district: object
    sr: object
    sr_district: object


@pytest.fixture
def units(geo_world) -> Units:
    from santisuk.org.services import unit_create

    moi = unit_create(code="MOI", name_en="Ministry of Interior", kind="ministry")
    gcnp = unit_create(
        code="GCNP",
        name_en="General Commissariat of National Police",
        kind="general_commissariat",
        parent=moi,
    )
    pp = unit_create(
        code="PP",
        name_en="Phnom Penh Police Commissariat",
        kind="provincial_commissariat",
        parent=gcnp,
        province=geo_world.pp,
        jurisdiction=[geo_world.pp],
    )
    pp_district = unit_create(
        code="PP-CKM",
        name_en="Chamkar Mon District Inspectorate",
        kind="district_inspectorate",
        parent=pp,
        jurisdiction=[geo_world.pp_district],
    )
    sr = unit_create(
        code="SR",
        name_en="Siem Reap Provincial Police Commissariat",
        kind="provincial_commissariat",
        parent=gcnp,
        province=geo_world.sr,
        jurisdiction=[geo_world.sr],
    )
    sr_district = unit_create(
        code="SR-KSR",
        name_en="Krong Siem Reap District Inspectorate",
        kind="district_inspectorate",
        parent=sr,
        jurisdiction=[geo_world.sr_district],
    )
    return Units(moi, gcnp, pp, pp_district, sr, sr_district)


@pytest.fixture
def roles(db):
    from santisuk.accounts.services import roles_sync

    roles_sync()


def _persona(username, role, unit):
    from santisuk.accounts.services import user_create

    return user_create(username=username, password=PASSWORD, role=role, unit=unit)


@pytest.fixture
def pp_officer(roles, units):
    return _persona("pp.officer", "officer", units.pp_district)


@pytest.fixture
def pp_unit_chief(roles, units):
    return _persona("pp.unitchief", "unit_chief", units.pp_district)


@pytest.fixture
def pp_clerk(roles, units):
    return _persona("pp.clerk", "records_clerk", units.pp)


@pytest.fixture
def pp_chief(roles, units):
    return _persona("pp.chief", "provincial_chief", units.pp)


@pytest.fixture
def sr_officer(roles, units):
    return _persona("sr.officer", "officer", units.sr_district)


@pytest.fixture
def sr_chief(roles, units):
    return _persona("sr.chief", "provincial_chief", units.sr)


@pytest.fixture
def analyst(roles, units):
    return _persona("national.analyst", "national_analyst", units.gcnp)


@pytest.fixture
def auditor(roles, units):
    return _persona("national.auditor", "auditor", units.moi)


@pytest.fixture
def admin_user(roles, units):
    return _persona("national.admin", "administrator", units.moi)


@pytest.fixture
def client_for(db):
    """``client_for(user)`` gives a fresh test client logged in as ``user``."""
    from django.test import Client

    def make(user):
        return login(Client(), user)

    return make


@pytest.fixture
def api_client_for(db):
    """``api_client_for(user)`` gives a DRF client authenticated with a real API token."""
    from rest_framework.test import APIClient

    from santisuk.accounts.services import token_create

    def make(user):
        client = APIClient()
        _, key = token_create(user=user, actor=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
