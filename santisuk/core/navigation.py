"""The one navigation across modules.

Each app declares its entries in its own ``navigation.py``: ``NAV``, a list of
``(group, NavItem)``, and ``TILES``, the home dashboard's counts. The menu is assembled here in
the order of ``GROUPS`` and of the installed apps; an entry shows only to users holding its
permission, so one menu serves every role.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.translation import gettext_lazy as _

GROUPS = {
    "records": _("Records"),
    "operations": _("Operations"),
    "statistics": _("Statistics"),
    "people": _("People"),
    "reference": _("Reference"),
    "administration": _("Administration"),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str


@dataclass(frozen=True)
class Tile:
    label: str
    model: str  # "app_label.ModelName", counted through restrict()
    url_name: str


def _modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("santisuk."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.navigation")
        except ModuleNotFoundError:
            continue


@cache
def menu() -> list[tuple[str, list[NavItem]]]:
    grouped: dict[str, list[NavItem]] = {key: [] for key in GROUPS}
    for module in _modules():
        for group, item in getattr(module, "NAV", ()):
            grouped[group].append(item)
    return [(key, items) for key, items in grouped.items() if items]


@cache
def tiles() -> list[Tile]:
    return [tile for module in _modules() for tile in getattr(module, "TILES", ())]


def app_entries(app_label: str) -> list[NavItem]:
    """The menu entries of one app, in menu order (its first one is the app's front page)."""
    return [
        item for _, items in menu() for item in items if item.url_name.startswith(f"{app_label}:")
    ]
