"""Another province's record answers 404 in detail and is absent from list, export and search,
in the UI and the API, for every scoped model registered in a ``scope_cases`` module."""

import django
import pytest

django.setup()

from santisuk.core.testing import registered_cases  # noqa: E402

CASES = registered_cases()


def test_every_scoped_app_registers_cases():
    names = {case.name for case in CASES}
    assert {"org.unit", "org.officer", "accounts.user"} <= names


@pytest.fixture
def setting(request, units, client_for, api_client_for):
    case = request.param
    personas = {name: request.getfixturevalue(name) for name in (case.insider, case.outsider)}
    obj = case.make(units, personas)
    return case, obj, personas


def _ui_sees(client, case, obj):
    marker = case.marker(obj)
    detail = client.get(case.ui_detail(obj))
    listing = client.get(case.ui_list, case.search(obj))
    assert listing.status_code == 200
    seen = {"detail": detail.status_code, "list": marker in listing.content.decode()}
    if case.export:
        export = client.get(case.ui_list, {**case.search(obj), "export": "csv"})
        assert export.status_code == 200
        seen["export"] = marker in b"".join(export.streaming_content).decode()
    return seen


def _api_sees(client, case, obj):
    marker = case.marker(obj)
    detail = client.get(case.api_detail(obj))
    listing = client.get(case.api_list, case.search(obj))
    assert listing.status_code == 200
    return {"detail": detail.status_code, "list": marker in listing.content.decode()}


@pytest.mark.parametrize("setting", CASES, ids=[c.name for c in CASES], indirect=True)
def test_other_province_record_is_invisible(setting, client_for, api_client_for):
    case, obj, personas = setting
    insider, outsider = personas[case.insider], personas[case.outsider]

    inside = _ui_sees(client_for(insider), case, obj)
    assert inside["detail"] == 200 and inside["list"], inside
    assert inside.get("export", True)
    outside = _ui_sees(client_for(outsider), case, obj)
    assert outside["detail"] == 404 and not outside["list"], outside
    assert not outside.get("export", False)

    api_inside = _api_sees(api_client_for(insider), case, obj)
    assert api_inside == {"detail": 200, "list": True}
    api_outside = _api_sees(api_client_for(outsider), case, obj)
    assert api_outside == {"detail": 404, "list": False}
