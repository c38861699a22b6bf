from django.urls import path

from santisuk.org.views import OfficerRegistry, UnitDetailView, UnitRegistry

app_name = "org"


def _unit_urls() -> list:
    # The unit's detail page shows the hierarchy around it, so it replaces the generic one.
    patterns = [p for p in UnitRegistry.urls() if p.name != "unit_detail"]
    patterns.append(
        path("units/<int:pk>/", UnitDetailView.as_view(registry=UnitRegistry), name="unit_detail")
    )
    return patterns


urlpatterns = [*_unit_urls(), *OfficerRegistry.urls()]
