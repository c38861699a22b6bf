from django.urls import path

from santisuk.stats import views

app_name = "stats"
urlpatterns = [
    path("annual/", views.AnnualView.as_view(), name="annual"),
    path("compstat/", views.CompStatView.as_view(), name="compstat"),
    path("map/", views.MapView.as_view(), name="map"),
]
