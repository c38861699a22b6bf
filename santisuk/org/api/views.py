from santisuk.core.api.views import RestrictedModelViewSet
from santisuk.org.api.serializers import OfficerSerializer, UnitSerializer
from santisuk.org.filtersets import OfficerFilterSet, UnitFilterSet
from santisuk.org.models import Officer, Unit

# Units and officers are deactivated, never deleted: records elsewhere point at them.
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class UnitViewSet(RestrictedModelViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    select_related = ("parent", "province")
    http_method_names = NO_DELETE

    def get_queryset(self):
        return super().get_queryset().prefetch_related("jurisdiction")


class OfficerViewSet(RestrictedModelViewSet):
    queryset = Officer.objects.all()
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilterSet
    select_related = ("unit",)
    http_method_names = NO_DELETE
