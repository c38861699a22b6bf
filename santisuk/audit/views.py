"""The auditor's pages: read-only lists with filters and exports, and detail pages that show a
record's values before and after a change side by side."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from santisuk.audit.filtersets import AccessEntryFilterSet, ChangeEntryFilterSet
from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.audit.services import access_record
from santisuk.audit.tables import AccessEntryTable, ChangeEntryTable
from santisuk.core.exports import FORMATS
from santisuk.core.views import ObjectListView, Registry


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


_COMMON = [
    (_("No."), lambda e: e.id),
    (_("Time"), lambda e: e.timestamp),
    (_("Actor"), lambda e: e.actor_label),
    (_("Actor (user id)"), lambda e: e.actor_id),
    (_("Unit (id)"), lambda e: e.unit_id),
    (_("Request id"), lambda e: e.request_id),
    (_("Source"), lambda e: e.source),
]
_OBJECT = [
    (_("Object type"), lambda e: e.content_type),
    (_("Object id"), lambda e: e.object_id),
    (_("Object"), lambda e: e.object_repr),
]
_CHAIN = [
    (_("Previous hash"), lambda e: e.prev_hash),
    (_("Hash"), lambda e: e.hash),
]


class ChangeRegistry(Registry):
    model = ChangeEntry
    url_prefix = "change"
    filterset_class = ChangeEntryFilterSet
    table_class = ChangeEntryTable
    export_columns = [
        *_COMMON,
        (_("Action"), lambda e: e.action),
        (_("Event"), lambda e: e.event),
        *_OBJECT,
        (_("Before"), lambda e: _json(e.before)),
        (_("After"), lambda e: _json(e.after)),
        *_CHAIN,
    ]


class AccessRegistry(Registry):
    model = AccessEntry
    url_prefix = "access"
    filterset_class = AccessEntryFilterSet
    table_class = AccessEntryTable
    export_columns = [
        *_COMMON,
        (_("Address"), lambda e: e.ip_address),
        (_("Action"), lambda e: e.action),
        *_OBJECT,
        (_("Query"), lambda e: _json(e.query)),
        (_("Reason given"), lambda e: e.reason),
        (_("Results"), lambda e: e.result_count),
        (_("Outcome"), lambda e: e.outcome),
        *_CHAIN,
    ]


class AuditListView(ObjectListView):
    """A list of log entries. Taking a copy of the log out of the system is itself logged."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            filterset = self.registry.filterset_class(
                request.GET, queryset=self.get_queryset(), request=request
            )
            count = filterset.qs.count() if filterset.is_valid() else 0
            query = {k: v if len(v) > 1 else v[0] for k, v in request.GET.lists()}
            access_record(
                action=f"audit.{self.registry.name()}_log.export",
                actor=request.user,
                query=query,
                result_count=count,
            )
        return response
