"""The registry of reference loaders behind ``santisuk load_reference``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from santisuk.geo import reference


@pytest.fixture
def loaders(monkeypatch):
    monkeypatch.setattr(reference, "REFERENCE_LOADERS", ["santisuk.geo.tests.test_reference.first"])
    from santisuk.geo.management.commands import load_reference

    monkeypatch.setattr(load_reference, "REFERENCE_LOADERS", reference.REFERENCE_LOADERS)
    calls.clear()
    return reference.REFERENCE_LOADERS


calls: list[tuple[str, object]] = []


def first(*, progress=False):
    calls.append(("first", progress))
    return ["first loaded"]


def second():
    calls.append(("second", None))


def test_the_gazetteer_loads_first():
    assert reference.REFERENCE_LOADERS[0] == "santisuk.geo.services.gazetteer_load"


def test_loaders_run_in_order_and_register_once(loaders):
    reference.register_loader("santisuk.geo.tests.test_reference.second")
    reference.register_loader("santisuk.geo.tests.test_reference.second")
    out = StringIO()
    call_command("load_reference", "--quiet", stdout=out)
    # No progress bar when the output is not a terminal.
    assert calls == [("first", False), ("second", None)]
    assert out.getvalue() == "first loaded\n"


def test_a_loader_that_cannot_be_imported_is_a_clear_error(loaders):
    reference.register_loader("santisuk.nowhere.load")
    with pytest.raises(CommandError, match=r"santisuk\.nowhere\.load cannot be imported"):
        call_command("load_reference", stdout=StringIO())


def test_a_missing_source_file_is_a_clear_error():
    from santisuk.geo.sources import SourceError, read_gazetteer

    with pytest.raises(SourceError, match=r"has no file CambodiaProvinceList1999\.csv"):
        read_gazetteer(year=1999)
