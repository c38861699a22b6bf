import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from santisuk.accounts.models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=("accounts:user_detail", {"pk": tables.A("pk")}))
    name = tables.Column(
        verbose_name=_("Name"), accessor="get_full_name", orderable=False, empty_values=()
    )
    role = tables.Column(verbose_name=_("Role"))
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__code")
    scope = tables.Column(
        verbose_name=_("Scope"), accessor="effective_scope", orderable=False, empty_values=()
    )

    class Meta:
        model = User
        fields = ("username", "name", "name_km", "role", "unit", "scope", "is_active", "last_login")

    def render_scope(self, record):
        if record.scope:
            return record.get_scope_display()
        return record.role.get_default_scope_display() if record.role_id else ""
