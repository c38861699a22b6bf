"""The statistics as JSON for other systems: the annual review (the same document as
``santisuk report annual --format json``) and CompStat."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from santisuk.stats.forms import AnnualForm, CompStatForm
from santisuk.stats.selectors import annual_review, compstat
from santisuk.stats.views import VIEW_PERMISSION


class CanViewCases(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(VIEW_PERMISSION))


def _valid(form):
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


PROVINCE = OpenApiParameter(
    "province", str, description="Two-digit NCDD code of a province; empty for all in scope."
)


class AnnualReviewView(APIView):
    permission_classes = [CanViewCases]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="The year reviewed; this year if empty."),
            PROVINCE,
        ],
        responses=OpenApiTypes.OBJECT,
        description="The annual work review of the cases the caller may see.",
    )
    def get(self, request):
        data = _valid(AnnualForm(request.query_params))
        return Response(
            annual_review(year=data["year"], province=data["province"], user=request.user)
        )


class CompStatApiView(APIView):
    permission_classes = [CanViewCases]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description="Last day of the periods; today if empty."
            ),
            PROVINCE,
        ],
        responses=OpenApiTypes.OBJECT,
        description="Week to date, last 28 days and year to date against a year before.",
    )
    def get(self, request):
        data = _valid(CompStatForm(request.query_params))
        return Response(compstat(as_of=data["as_of"], province=data["province"], user=request.user))
