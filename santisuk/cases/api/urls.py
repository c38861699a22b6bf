from rest_framework.routers import DefaultRouter

from santisuk.cases.api.views import CaseViewSet, CrimeTypeViewSet

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="cases-case")
router.register("crime-types", CrimeTypeViewSet, basename="cases-crimetype")

urlpatterns = router.urls
