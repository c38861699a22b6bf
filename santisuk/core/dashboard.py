"""Dashboard tiles: counts of what the user can see, each from a restricted queryset."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tile:
    label: str
    model: str
    url_name: str


TILES = (
    Tile(_("Gazetteer units"), "geo.Area", "geo:area_list"),
    Tile(_("Units"), "org.Unit", "org:unit_list"),
    Tile(_("Officers"), "org.Officer", "org:officer_list"),
    Tile(_("People in the index"), "people.Person", "people:person_list"),
)


def tiles_for(user):
    result = []
    for tile in TILES:
        try:
            model = apps.get_model(tile.model)
            url = reverse(tile.url_name)
        except (LookupError, NoReverseMatch):  # a module not installed in this deployment
            continue
        if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        count = model.objects.restrict(user, "view").count()
        result.append({"label": tile.label, "count": count, "url": url})
    return result
