from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem, Tile

NAV = [
    ("records", NavItem(_("Cases"), "cases:case_list", "cases.view_case")),
    ("records", NavItem(_("My work list"), "cases:worklist", "cases.view_case")),
    ("records", NavItem(_("Repeat offenders"), "cases:repeat_offenders", "cases.view_arrest")),
    ("reference", NavItem(_("Crime types"), "cases:crimetype_list", "cases.view_crimetype")),
]
TILES = [Tile(_("Cases"), "cases.Case", "cases:case_list")]
