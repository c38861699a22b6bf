"""Dashboard tiles: counts of what the user can see, each from a restricted queryset."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from santisuk.core.navigation import tiles


def tiles_for(user):
    result = []
    for tile in tiles():
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
