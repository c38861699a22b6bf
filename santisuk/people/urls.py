from django.urls import path

from santisuk.people import views

app_name = "people"
urlpatterns = [
    path("persons/", views.PersonListView.as_view(), name="person_list"),
    path(
        "persons/add/",
        views.PersonEditView.as_view(registry=views.PersonRegistry),
        name="person_add",
    ),
    path("persons/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path(
        "persons/<int:pk>/edit/",
        views.PersonEditView.as_view(registry=views.PersonRegistry),
        name="person_edit",
    ),
    path(
        "persons/<int:pk>/identifiers/add/",
        views.IdentifierAddView.as_view(),
        name="identifier_add",
    ),
    path("persons/<int:pk>/merge/", views.MergeProposeView.as_view(), name="merge_propose"),
    path("merges/", views.MergeListView.as_view(), name="merge_list"),
    path(
        "merges/<int:pk>/approve/",
        views.MergeDecisionView.as_view(decision="approve"),
        name="merge_approve",
    ),
    path(
        "merges/<int:pk>/reject/",
        views.MergeDecisionView.as_view(decision="reject"),
        name="merge_reject",
    ),
    path(
        "merges/<int:pk>/reverse/",
        views.MergeDecisionView.as_view(decision="reverse"),
        name="merge_reverse",
    ),
]
