from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem, Tile

NAV = [
    ("people", NavItem(_("Person index"), "people:person_list", "people.view_person")),
    ("people", NavItem(_("Merge requests"), "people:merge_list", "people.view_personmerge")),
]
TILES = [Tile(_("People in the index"), "people.Person", "people:person_list")]
