from django.urls import path

from santisuk.stats.api.views import AnnualReviewView, CompStatApiView

urlpatterns = [
    path("annual/", AnnualReviewView.as_view(), name="stats-api-annual"),
    path("compstat/", CompStatApiView.as_view(), name="stats-api-compstat"),
]
