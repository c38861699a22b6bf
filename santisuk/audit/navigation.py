from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem

NAV = [
    ("administration", NavItem(_("Change log"), "audit:change_list", "audit.view_changeentry")),
    ("administration", NavItem(_("Access log"), "audit:access_list", "audit.view_accessentry")),
]
