import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from santisuk.audit.models import AccessEntry, ChangeEntry


class ObjectTypeColumn(tables.Column):
    def render(self, value, record):
        return record.object_type_display()


# Seconds matter when reading a log.
TIME_FORMAT = "Y-m-d H:i:s"


class ChangeEntryTable(tables.Table):
    id = tables.Column(verbose_name=_("No."), linkify=True)
    timestamp = tables.DateTimeColumn(format=TIME_FORMAT, attrs={"td": {"class": "nowrap"}})
    content_type = ObjectTypeColumn(verbose_name=_("Object type"))
    request_id = tables.Column(attrs={"td": {"class": "ident"}})

    class Meta:
        model = ChangeEntry
        fields = (
            "id",
            "timestamp",
            "actor_label",
            "source",
            "action",
            "event",
            "content_type",
            "object_id",
            "object_repr",
            "request_id",
        )


class AccessEntryTable(tables.Table):
    id = tables.Column(verbose_name=_("No."), linkify=True)
    timestamp = tables.DateTimeColumn(format=TIME_FORMAT, attrs={"td": {"class": "nowrap"}})
    content_type = ObjectTypeColumn(verbose_name=_("Object type"))

    class Meta:
        model = AccessEntry
        fields = (
            "id",
            "timestamp",
            "actor_label",
            "ip_address",
            "action",
            "content_type",
            "object_id",
            "object_repr",
            "reason",
            "result_count",
            "outcome",
        )
