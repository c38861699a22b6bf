from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from santisuk.core.views_home import AppHomeView

# Each domain app brings its UI under /<app>/ and its API under /api/<app>/.
DOMAIN_APPS = [
    "geo",
    "org",
    "accounts",
    "audit",
    "people",
    "cases",
    "stats",
    "plates",
    "elections",
]

urlpatterns = [
    path("", include("santisuk.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
for app in DOMAIN_APPS:
    urlpatterns += [
        path(f"{app}/", include(f"santisuk.{app}.urls")),
        # Reached only when the app has no page of its own at its root.
        path(f"{app}/", AppHomeView.as_view(app_label=app)),
        path(f"api/{app}/", include(f"santisuk.{app}.api.urls")),
    ]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
