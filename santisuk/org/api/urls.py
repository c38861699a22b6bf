from rest_framework.routers import DefaultRouter

from santisuk.org.api.views import OfficerViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="org-unit")
router.register("officers", OfficerViewSet, basename="org-officer")

urlpatterns = router.urls
