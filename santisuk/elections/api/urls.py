from rest_framework.routers import DefaultRouter

from santisuk.elections.api import views

router = DefaultRouter()
router.register("elections", views.ElectionViewSet, basename="elections-election")
router.register("stations", views.PollingStationViewSet, basename="elections-station")
router.register("intake", views.IntakeReportViewSet, basename="elections-intake")
router.register("incidents", views.IncidentViewSet, basename="elections-incident")
router.register("notices", views.NoticeViewSet, basename="elections-notice")
router.register("sitreps", views.SituationReportViewSet, basename="elections-sitrep")

urlpatterns = router.urls
