from santisuk.audit.api.serializers import AccessEntrySerializer, ChangeEntrySerializer
from santisuk.audit.filtersets import AccessEntryFilterSet, ChangeEntryFilterSet
from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.core.api.views import RestrictedReadOnlyViewSet


class ChangeEntryViewSet(RestrictedReadOnlyViewSet):
    """The change log: every create, update and delete, and domain events. Read only."""

    queryset = ChangeEntry.objects.all()
    serializer_class = ChangeEntrySerializer
    filterset_class = ChangeEntryFilterSet


class AccessEntryViewSet(RestrictedReadOnlyViewSet):
    """The access log: sensitive reads, searches and login attempts. Read only."""

    queryset = AccessEntry.objects.all()
    serializer_class = AccessEntrySerializer
    filterset_class = AccessEntryFilterSet
