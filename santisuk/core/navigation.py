"""The one navigation across modules. Each app adds its entries here; an entry shows only to
users holding its permission."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]


MENU: tuple[NavGroup, ...] = (
    NavGroup(
        _("Reference"),
        (
            NavItem(_("Gazetteer"), "geo:area_list", "geo.view_area"),
            NavItem(_("Units"), "org:unit_list", "org.view_unit"),
            NavItem(_("Officers"), "org:officer_list", "org.view_officer"),
        ),
    ),
    NavGroup(
        _("People"),
        (
            NavItem(_("Person index"), "people:person_list", "people.view_person"),
            NavItem(_("Merge requests"), "people:merge_list", "people.view_personmerge"),
        ),
    ),
    NavGroup(
        _("Administration"),
        (
            NavItem(_("Users"), "accounts:user_list", "accounts.view_user"),
            NavItem(_("Change log"), "audit:change_list", "audit.view_changeentry"),
            NavItem(_("Access log"), "audit:access_list", "audit.view_accessentry"),
        ),
    ),
)
