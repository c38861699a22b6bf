from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem, Tile

NAV = [
    ("reference", NavItem(_("Units"), "org:unit_list", "org.view_unit")),
    ("reference", NavItem(_("Officers"), "org:officer_list", "org.view_officer")),
]
TILES = [
    Tile(_("Units"), "org.Unit", "org:unit_list"),
    Tile(_("Officers"), "org.Officer", "org:officer_list"),
]
