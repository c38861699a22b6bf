from django.urls import path

from santisuk.plates import views

app_name = "plates"


def _with_detail(registry, view) -> list:
    # These detail pages show more than the generic one, so they replace it.
    name = f"{registry.name()}_detail"
    patterns = [p for p in registry.urls() if p.name != name]
    patterns.append(
        path(f"{registry.name()}s/<int:pk>/", view.as_view(registry=registry), name=name)
    )
    return patterns


urlpatterns = [
    *_with_detail(views.PlateRegistry, views.PlateDetailView),
    *_with_detail(views.AlertRegistry, views.AlertDetailView),
    *views.VehicleRegistry.urls(),
    *views.VenueRegistry.urls(),
    *views.VenueTypeRegistry.urls(),
    *views.MisuseRuleRegistry.urls(),
    *views.TariffRegistry.urls(),
    *views.TravelOrderRegistry.urls(),
    *views.TaxAssessmentRegistry.urls(),
    path("alerts/<int:pk>/<slug:action>/", views.AlertActionView.as_view(), name="alert_action"),
    path("vehicles/<int:pk>/photos/", views.VehiclePhotoView.as_view(), name="vehicle_photo"),
    path("taxassessments/<int:pk>/notice/", views.NoticeView.as_view(), name="notice"),
    path("sightings/report/", views.PatrolReportView.as_view(), name="patrol_report"),
    path("sightings/search/", views.SightingSearchView.as_view(), name="sighting_search"),
    path("tip/", views.TipView.as_view(), name="tip"),
    path("tip/status/", views.TipStatusView.as_view(), name="tip_status"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
]
