from rest_framework.routers import DefaultRouter

from santisuk.audit.api.views import AccessEntryViewSet, ChangeEntryViewSet

router = DefaultRouter()
router.register("changes", ChangeEntryViewSet)
router.register("access", AccessEntryViewSet)

urlpatterns = router.urls
