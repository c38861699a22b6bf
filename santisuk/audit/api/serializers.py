from rest_framework import serializers

from santisuk.audit.models import AccessEntry, ChangeEntry

_COMMON = [
    "id",
    "timestamp",
    "actor",
    "actor_label",
    "unit_id",
    "request_id",
    "source",
    "content_type",
    "object_id",
    "object_repr",
]


class ChangeEntrySerializer(serializers.ModelSerializer):
    # The user may since have been deleted; the log keeps the id, not a link.
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)

    class Meta:
        model = ChangeEntry
        fields = [*_COMMON, "action", "event", "before", "after", "prev_hash", "hash"]
        read_only_fields = fields


class AccessEntrySerializer(serializers.ModelSerializer):
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)

    class Meta:
        model = AccessEntry
        fields = [
            *_COMMON,
            "ip_address",
            "action",
            "query",
            "reason",
            "result_count",
            "outcome",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields
