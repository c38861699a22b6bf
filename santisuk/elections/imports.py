"""CSV import of polling stations: ``santisuk import polling-stations FILE`` or the list page.

Columns: election (slug), code, name_en, name_km, commune (6-digit code), latitude, longitude.
The natural key is (election, code): importing the same file twice changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from santisuk.core.imports import Column, Importer, decimal, lookup, text
from santisuk.elections.models import Election, PollingStation
from santisuk.geo.models import Area


class PollingStationImporter(Importer):
    name = "polling-stations"
    label = _("polling stations")
    model = PollingStation
    key = ("election", "code")
    columns = (
        Column("election", lookup(Election, "slug"), required=True),
        Column("code", text(30), required=True),
        Column("name_en", text(200), required=True),
        Column("name_km", text(200)),
        Column(
            "commune",
            lookup(Area, "code", queryset=Area.objects.filter(level="commune", valid_to=None)),
            required=True,
        ),
        Column("latitude", decimal),
        Column("longitude", decimal),
    )
