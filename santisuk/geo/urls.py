from santisuk.geo import views

app_name = "geo"
urlpatterns = views.urls()
