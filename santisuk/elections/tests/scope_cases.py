"""Election incidents and intake reports in the generic scope test."""

from django.urls import reverse

from santisuk.core.testing import ScopeCase


def _election():
    from santisuk.elections.models import Election
    from santisuk.elections.services import elections_reference_load

    elections_reference_load()
    return Election.objects.get(slug="senate-2024")


def _incident(units, personas):
    from santisuk.elections.services import incident_create
    from santisuk.geo.models import Area

    return incident_create(
        election=_election(),
        title="Scope marker clash at Tonle Basak",
        area=Area.objects.get(code="120101"),
        actor=None,
    )


def _report(units, personas):
    from santisuk.elections.services import intake_create
    from santisuk.geo.models import Area

    return intake_create(
        election=_election(),
        channel="call",
        text="Scope marker report from Tonle Basak",
        reporter_phone="012777888",
        area=Area.objects.get(code="120101"),
    )


CASES = [
    ScopeCase(
        name="elections.incident",
        make=_incident,
        marker=lambda i: i.title,
        ui_list=reverse("elections:incident_list"),
        ui_detail=lambda i: reverse("elections:incident_detail", args=[i.pk]),
        api_list="/api/elections/incidents/",
        api_detail=lambda i: f"/api/elections/incidents/{i.pk}/",
        search=lambda i: {"q": i.number},
    ),
    ScopeCase(
        name="elections.intakereport",
        make=_report,
        marker=lambda r: r.text,
        ui_list=reverse("elections:intakereport_list"),
        ui_detail=lambda r: reverse("elections:intakereport_detail", args=[r.pk]),
        api_list="/api/elections/intake/",
        api_detail=lambda r: f"/api/elections/intake/{r.pk}/",
        search=lambda r: {"q": r.reporter_phone},
    ),
]
