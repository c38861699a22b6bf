from django.urls import path
from django.views.generic import RedirectView

from santisuk.audit.views import AccessRegistry, AuditListView, ChangeRegistry
from santisuk.core.views import ObjectDetailView

app_name = "audit"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="audit:change_list"), name="index"),
    path("changes/", AuditListView.as_view(registry=ChangeRegistry), name="change_list"),
    path(
        "changes/<int:pk>/",
        ObjectDetailView.as_view(registry=ChangeRegistry),
        name="change_detail",
    ),
    path("access/", AuditListView.as_view(registry=AccessRegistry), name="access_list"),
    path(
        "access/<int:pk>/",
        ObjectDetailView.as_view(registry=AccessRegistry),
        name="access_detail",
    ),
]
