from rest_framework.routers import DefaultRouter

from santisuk.people.api.views import PersonMergeViewSet, PersonViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="people-person")
router.register("merges", PersonMergeViewSet, basename="people-merge")

urlpatterns = router.urls
