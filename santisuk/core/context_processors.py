from django.urls import NoReverseMatch, reverse

from santisuk.core.navigation import MENU


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": []}
    menu = []
    for group in MENU:
        items = []
        for item in group.items:
            if not user.has_perm(item.permission):
                continue
            try:
                items.append({"label": item.label, "url": reverse(item.url_name)})
            except NoReverseMatch:  # an app not installed in this deployment
                continue
        if items:
            menu.append({"label": group.label, "items": items})
    return {"nav_menu": menu}
