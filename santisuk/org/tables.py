import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from santisuk.org.models import Officer, Unit


class UnitTable(tables.Table):
    code = tables.Column(linkify=("org:unit_detail", {"pk": tables.A("pk")}))
    parent = tables.Column(verbose_name=_("Parent unit"), accessor="parent__code")

    class Meta:
        model = Unit
        fields = ("code", "name_en", "name_km", "kind", "province", "parent", "is_active")


class OfficerTable(tables.Table):
    badge_number = tables.Column(linkify=("org:officer_detail", {"pk": tables.A("pk")}))
    unit = tables.Column(accessor="unit__code", verbose_name=_("Unit"))

    class Meta:
        model = Officer
        fields = (
            "badge_number",
            "rank",
            "family_name",
            "given_name",
            "name_km",
            "unit",
            "is_active",
        )
