from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem

# Statistics are read from the cases; whoever may read cases may read their figures.
NAV = [
    ("statistics", NavItem(_("Annual work review"), "stats:annual", "cases.view_case")),
    ("statistics", NavItem(_("CompStat"), "stats:compstat", "cases.view_case")),
    ("statistics", NavItem(_("Map of cases"), "stats:map", "cases.view_case")),
]
TILES: list = []
