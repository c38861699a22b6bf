from django.urls import path

from santisuk.cases import views
from santisuk.core.import_views import ImportView
from santisuk.core.views import ObjectDetailView, ObjectListView

app_name = "cases"

R = views.CaseRegistry
urlpatterns = [
    path("cases/", views.CaseListView.as_view(registry=R), name="case_list"),
    path("cases/add/", views.CaseEditView.as_view(registry=R), name="case_add"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(registry=R), name="case_detail"),
    path("cases/<int:pk>/edit/", views.CaseEditView.as_view(registry=R), name="case_edit"),
    path(
        "cases/import/",
        ImportView.as_view(importer_class=views.CaseImporter, list_url_name="cases:case_list"),
        name="case_import",
    ),
    path("worklist/", views.WorkListView.as_view(), name="worklist"),
    path("repeat-offenders/", views.RepeatOffenderView.as_view(), name="repeat_offenders"),
    path(
        "crime-types/",
        ObjectListView.as_view(registry=views.CrimeTypeRegistry),
        name="crimetype_list",
    ),
    path(
        "crime-types/<int:pk>/",
        ObjectDetailView.as_view(registry=views.CrimeTypeRegistry),
        name="crimetype_detail",
    ),
]
for verb in (
    "submit",
    "approve",
    "return",
    "supplement",
    "status",
    "transfer",
    "party",
    "arrest",
    "seizure",
    "fire",
    "crash",
    "outcome",
    "assign",
    "unassign",
):
    urlpatterns.append(
        path(
            f"cases/<int:pk>/{verb}/",
            views.CaseActionView.as_view(verb=verb),
            name=f"case_{verb}",
        )
    )
