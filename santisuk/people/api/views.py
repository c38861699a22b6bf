from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from santisuk.core.api.views import RestrictedModelViewSet
from santisuk.people.api.serializers import (
    IdentifierSerializer,
    PersonMergeSerializer,
    PersonSerializer,
)
from santisuk.people.filtersets import PersonMergeFilterSet
from santisuk.people.forms import PersonSearchForm
from santisuk.people.models import Person, PersonMerge
from santisuk.people.selectors import person_get, person_search
from santisuk.people.services import (
    person_identifier_add,
    person_merge_approve,
    person_merge_reject,
    person_merge_reverse,
)

SEARCH_PARAMETERS = [
    OpenApiParameter("name", str, description="Name in Latin letters or Khmer script."),
    OpenApiParameter("identifier", str, description="Document number (exact)."),
    OpenApiParameter("birth_year", int, description="Year of birth."),
    OpenApiParameter(
        "reason", str, required=True, description="Why you search; recorded in the access log."
    ),
]


class HasPermission(permissions.BasePermission):
    """A named model permission, whatever the HTTP method (for workflow actions)."""

    def __init__(self, perm: str):
        self.perm = perm

    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated and request.user.has_perm(self.perm)
        )


@extend_schema_view(
    list=extend_schema(
        parameters=SEARCH_PARAMETERS,
        description="Search the person index. Every search is logged with its reason.",
    ),
    retrieve=extend_schema(
        parameters=[OpenApiParameter("reason", str, description="Why you open the record.")]
    ),
)
class PersonViewSet(RestrictedModelViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filter_backends: list = []
    action_map_to_permission = {
        **RestrictedModelViewSet.action_map_to_permission,
        "identifiers": "change",
    }

    def get_queryset(self):
        return super().get_queryset().select_related("birth_place").prefetch_related("identifiers")

    def list(self, request, *args, **kwargs):
        form = PersonSearchForm(request.query_params)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): [
                        e["message"] for e in items
                    ]
                    for field, items in errors.items()
                }
            )
        data = form.cleaned_data
        results = person_search(
            user=request.user,
            name=data.get("name"),
            identifier=data.get("identifier"),
            birth_year=data.get("birth_year"),
            reason=data["reason"],
        )
        page = self.paginate_queryset(results)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        person = person_get(
            user=request.user, pk=kwargs["pk"], reason=request.query_params.get("reason", "")
        )
        return Response(self.get_serializer(person).data)

    @extend_schema(request=IdentifierSerializer, responses=IdentifierSerializer)
    @action(detail=True, methods=["post"])
    def identifiers(self, request, pk=None):
        if not request.user.has_perm("people.change_person"):
            self.permission_denied(request)
        person = self.get_object()
        serializer = IdentifierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        identifier = person_identifier_add(
            person=person, actor=request.user, **serializer.validated_data
        )
        return Response(IdentifierSerializer(identifier).data, status=status.HTTP_201_CREATED)


class PersonMergeViewSet(RestrictedModelViewSet):
    queryset = PersonMerge.objects.all()
    serializer_class = PersonMergeSerializer
    filterset_class = PersonMergeFilterSet
    select_related = (
        "source",
        "target",
        "proposed_by",
        "approved_by",
        "rejected_by",
        "reversed_by",
    )
    http_method_names = ["get", "post", "head", "options"]
    decisions = {
        "approve": person_merge_approve,
        "reject": person_merge_reject,
        "reverse": person_merge_reverse,
    }

    def get_permissions(self):
        if self.action in self.decisions:
            return [HasPermission("people.change_personmerge")]
        return super().get_permissions()

    def get_queryset(self):
        if self.action in self.decisions:
            return PersonMerge.objects.restrict(self.request.user, "change").select_related(
                *self.select_related
            )
        return super().get_queryset()

    def _decide(self, request, name):
        merge = self.decisions[name](merge=self.get_object(), actor=request.user)
        return Response(self.get_serializer(merge).data)

    @extend_schema(request=None, responses=PersonMergeSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a proposed merge (by another user than the proposer)."""
        return self._decide(request, "approve")

    @extend_schema(request=None, responses=PersonMergeSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a proposed merge (by another user than the proposer)."""
        return self._decide(request, "reject")

    @extend_schema(request=None, responses=PersonMergeSerializer)
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        """Reverse an approved merge: the merged record and its documents come back."""
        return self._decide(request, "reverse")
