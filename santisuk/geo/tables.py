import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from santisuk.geo.models import Area


class AreaTable(tables.Table):
    code = tables.Column(linkify=("geo:area_detail", {"pk": tables.A("pk")}))
    name_km = tables.Column(attrs={"td": {"lang": "km"}})
    parent = tables.Column(verbose_name=_("Part of"), accessor="parent", order_by=("parent__code",))
    province = tables.Column(
        verbose_name=_("Capital / province"), accessor="province", order_by=("province__code",)
    )

    class Meta:
        model = Area
        fields = ("code", "name_en", "name_km", "level", "kind", "parent", "province")
        attrs = {"class": "table"}
        empty_text = _("No place matches.")

    def render_parent(self, value):
        return f"{value.code} {value.name_en}"

    def render_province(self, record, value):
        return "" if value.pk == record.pk else value.name_en
