import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from santisuk.cases.models import Case, CrimeType


class CaseTable(tables.Table):
    reference = tables.Column(linkify=("cases:case_detail", {"pk": tables.A("pk")}))
    crime_types = tables.Column(
        verbose_name=_("Offences"), accessor="crime_types_label", orderable=False
    )
    place = tables.Column(
        accessor="place__local_name", order_by="place__name_en", verbose_name=_("Place")
    )
    owner_unit = tables.Column(accessor="owner_unit__code", verbose_name=_("Unit"))

    class Meta:
        model = Case
        fields = (
            "reference",
            "reported_on",
            "crime_types",
            "place",
            "owner_unit",
            "status",
            "workflow_state",
        )


class CrimeTypeTable(tables.Table):
    code = tables.Column(linkify=("cases:crimetype_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = CrimeType
        fields = ("code", "name_en", "name_km", "iccs_code", "is_violent", "is_sexual", "is_active")
