from santisuk.cases.api.serializers import CaseSerializer, CrimeTypeSerializer
from santisuk.cases.filtersets import CaseFilterSet, CrimeTypeFilterSet
from santisuk.cases.models import Case, CrimeType
from santisuk.core.api.views import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from santisuk.core.scope import unit_scope_q


class CaseViewSet(RestrictedModelViewSet):
    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    select_related = ("place", "province")
    # Cases are never deleted: they are closed or found unfounded, and that is history.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related("offences__crime_type", "parties", "arrests")
            .order_by("-reported_on", "-pk")
        )

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        field = getattr(serializer, "fields", {}).get("owner_unit")
        if field is not None and self.request.user.is_authenticated:
            # A case is recorded only for a unit the user may see.
            from santisuk.org.models import Unit

            field.queryset = Unit.objects.filter(unit_scope_q(self.request.user, ""))
        return serializer


class CrimeTypeViewSet(RestrictedReadOnlyViewSet):
    queryset = CrimeType.objects.all()
    serializer_class = CrimeTypeSerializer
    filterset_class = CrimeTypeFilterSet
