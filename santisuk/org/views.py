"""Unit and officer pages, configured as registries of the generic views."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from santisuk.core.views import ObjectDetailView, Registry
from santisuk.org.filtersets import OfficerFilterSet, UnitFilterSet
from santisuk.org.forms import OfficerForm, UnitForm
from santisuk.org.models import Officer, Unit
from santisuk.org.selectors import unit_ancestors, unit_children, unit_officers
from santisuk.org.tables import OfficerTable, UnitTable


class UnitRegistry(Registry):
    model = Unit
    filterset_class = UnitFilterSet
    table_class = UnitTable
    form_class = UnitForm
    detail_template = "org/unit_detail.html"
    select_related = ("parent", "province")
    export_columns = [
        (_("Code"), lambda u: u.code),
        (_("Name (Latin)"), lambda u: u.name_en),
        (_("Name (Khmer)"), lambda u: u.name_km),
        (_("Kind"), lambda u: u.get_kind_display()),
        (_("Parent unit"), lambda u: u.parent.code if u.parent else ""),
        (_("Province"), lambda u: u.province.name_en if u.province else ""),
        (_("Path"), lambda u: u.path),
        (_("Active"), lambda u: u.is_active),
    ]


class OfficerRegistry(Registry):
    model = Officer
    filterset_class = OfficerFilterSet
    table_class = OfficerTable
    form_class = OfficerForm
    select_related = ("unit", "user")
    export_columns = [
        (_("Badge number"), lambda o: o.badge_number),
        (_("Rank"), lambda o: o.get_rank_display()),
        (_("Family name"), lambda o: o.family_name),
        (_("Given name"), lambda o: o.given_name),
        (_("Name (Khmer)"), lambda o: o.name_km),
        (_("Unit"), lambda o: o.unit.code),
        (_("User account"), lambda o: o.user.get_username() if o.user else ""),
        (_("Active"), lambda o: o.is_active),
    ]


class UnitDetailView(ObjectDetailView):
    """Shows where the unit sits: its chain of parents, the units below it, its officers and the
    places it answers for. Children and officers are those the user may see."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        user = self.request.user
        ancestors = unit_ancestors(unit)
        # Parents outside the user's scope are named but not linked: their pages would be 404.
        visible = set(
            Unit.objects.restrict(user, "view")
            .filter(pk__in=[u.pk for u in ancestors])
            .values_list("pk", flat=True)
        )
        context.update(
            {
                "ancestors": [(u, u.pk in visible) for u in ancestors],
                "children": unit_children(unit=unit, user=user).select_related("province"),
                "officers": unit_officers(unit=unit, user=user),
                "jurisdiction": unit.jurisdiction.order_by("code"),
            }
        )
        return context
