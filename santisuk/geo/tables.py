import django_tables2 as tables
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from santisuk.geo.models import Area


def _name(area: Area) -> str:
    if (get_language() or "").startswith("km") and area.name_km:
        return area.name_km
    return area.name_en


class AreaTable(tables.Table):
    code = tables.Column(linkify=("geo:area_detail", {"pk": tables.A("pk")}))
    name_km = tables.Column(attrs={"td": {"lang": "km"}})
    # An empty type means the source does not say; "Unknown" would read as a fact.
    kind = tables.Column(verbose_name=_("Type"), empty_values=())
    parent = tables.Column(verbose_name=_("Part of"), accessor="parent", order_by=("parent__code",))
    province = tables.Column(
        verbose_name=_("Capital / province"), accessor="province", order_by=("province__code",)
    )

    class Meta:
        model = Area
        fields = ("code", "name_en", "name_km", "level", "kind", "parent", "province")
        empty_text = _("No place matches.")

    def render_kind(self, record):
        return record.get_kind_display() if record.kind else "—"

    def render_parent(self, value):
        return f"{value.code} {_name(value)}"

    def render_province(self, record, value):
        return "" if value.pk == record.pk else _name(value)
