from django.urls import NoReverseMatch, reverse

from santisuk.core.navigation import GROUPS, menu


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": []}
    result = []
    for group, entries in menu():
        items = []
        for item in entries:
            if not user.has_perm(item.permission):
                continue
            try:
                items.append({"label": item.label, "url": reverse(item.url_name)})
            except NoReverseMatch:  # a page not installed in this deployment
                continue
        if items:
            result.append({"label": GROUPS[group], "items": items})
    return {"nav_menu": result}
