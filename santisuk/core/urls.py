from django.urls import path

from santisuk.core import views_home

app_name = "core"
urlpatterns = [
    path("", views_home.HomeView.as_view(), name="home"),
]
