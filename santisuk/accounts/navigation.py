from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem

NAV = [
    ("administration", NavItem(_("Users"), "accounts:user_list", "accounts.view_user")),
    ("administration", NavItem(_("Locked accounts"), "accounts:locked_list", "accounts.view_user")),
    ("administration", NavItem(_("Roles"), "accounts:role_list", "accounts.view_role")),
]
