app_name = "plates"
urlpatterns: list = []
