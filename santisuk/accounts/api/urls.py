from django.urls import path
from rest_framework.routers import DefaultRouter

from santisuk.accounts.api.views import MeView, TokenViewSet, UserViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("tokens", TokenViewSet, basename="token")

urlpatterns = [path("me/", MeView.as_view(), name="accounts-api-me"), *router.urls]
