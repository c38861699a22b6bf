from rest_framework import viewsets


class RestrictedViewSetMixin:
    """Every API viewset starts from ``restrict``: out of scope answers 404 like a missing
    record."""

    action_map_to_permission = {
        "list": "view",
        "retrieve": "view",
        "create": "add",
        "update": "change",
        "partial_update": "change",
        "destroy": "delete",
    }

    def get_queryset(self):
        permission = self.action_map_to_permission.get(self.action, "view")
        queryset = self.queryset.model.objects.restrict(self.request.user, permission)
        select = getattr(self, "select_related", ())
        return queryset.select_related(*select) if select else queryset


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class RestrictedModelViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    pass
