"""The full national gazetteer, loaded once per test module that asks for it.

The load runs inside a transaction that is rolled back when the module is done, so other
modules (and their small ``geo_world``) start from an empty gazetteer again; each test runs in
a savepoint inside it.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def national_gazetteer(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("load_reference", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def gazetteer_user(db, national_gazetteer, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="gazetteer.reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="view_area"))
    return user


@pytest.fixture
def reader(db, django_user_model):
    """A user whose only permission is to read the gazetteer (cheaper to build than a
    persona; the personas' own access is tested separately)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="reader", password=None)
    user.user_permissions.add(Permission.objects.get(codename="view_area"))
    return user
