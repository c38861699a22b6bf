from django.urls import path
from rest_framework.routers import DefaultRouter

from santisuk.plates.api.views import (
    AlertViewSet,
    PlateViewSet,
    SightingBatchView,
    TravelOrderViewSet,
    VehicleViewSet,
    VenueViewSet,
)

router = DefaultRouter()
router.register("plates", PlateViewSet, basename="plates-plate")
router.register("vehicles", VehicleViewSet, basename="plates-vehicle")
router.register("venues", VenueViewSet, basename="plates-venue")
router.register("alerts", AlertViewSet, basename="plates-alert")
router.register("travelorders", TravelOrderViewSet, basename="plates-travelorder")

urlpatterns = [
    path("sightings/batch/", SightingBatchView.as_view(), name="plates-sighting-batch"),
    *router.urls,
]
