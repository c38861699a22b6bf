from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from santisuk.core.api.views import RestrictedReadOnlyViewSet
from santisuk.geo.api.serializers import AreaOptionSerializer, AreaSerializer
from santisuk.geo.choices import Level
from santisuk.geo.filtersets import AreaFilterSet
from santisuk.geo.models import Area
from santisuk.geo.normalise import is_code_query, normalise_code
from santisuk.geo.selectors import CHAIN, area_current, area_search

AUTOCOMPLETE_MAX = 50


class AreaViewSet(RestrictedReadOnlyViewSet):
    """The current gazetteer. Look a unit up by its NCDD code (``/api/geo/areas/1201/``);
    filter by level, type, province, parent code, code prefix, or ``q`` (code or name in Khmer
    script or Latin letters)."""

    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    lookup_field = "code"
    # Khmer digits are accepted in the URL too; the code is normalised before the look-up.
    lookup_value_regex = r"[^/]+"
    select_related = CHAIN

    def get_queryset(self):
        return area_current(super().get_queryset())

    def get_object(self):
        code = normalise_code(self.kwargs.get(self.lookup_field, ""))
        if not is_code_query(code):
            raise Http404
        self.kwargs[self.lookup_field] = code
        return super().get_object()

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Code, code prefix or name"),
            OpenApiParameter("level", OpenApiTypes.STR, description="Level(s), comma-separated"),
            OpenApiParameter("within", OpenApiTypes.STR, description="Code of a unit above"),
            OpenApiParameter("limit", OpenApiTypes.INT, description="At most 50 (default 20)"),
        ],
        responses=AreaOptionSerializer(many=True),
    )
    @action(detail=False, pagination_class=None, filterset_class=None)
    def autocomplete(self, request):
        """Best matches first: exact code, code prefix, name prefix, name contains."""
        params = request.query_params
        levels = [
            value
            for raw in params.getlist("level")
            for value in raw.split(",")
            if value in Level.values
        ]
        try:
            limit = min(max(int(params.get("limit", 20)), 1), AUTOCOMPLETE_MAX)
        except ValueError:
            limit = 20
        results = area_search(
            params.get("q", ""),
            level=levels or None,
            within=params.get("within") or None,
            limit=limit,
            queryset=self.get_queryset(),
        )
        return Response(AreaOptionSerializer(results, many=True).data)
