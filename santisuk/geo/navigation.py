from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem, Tile

NAV = [("reference", NavItem(_("Gazetteer"), "geo:area_list", "geo.view_area"))]
TILES = [Tile(_("Gazetteer units"), "geo.Area", "geo:area_list")]
