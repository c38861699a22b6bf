from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from santisuk.geo.models import Area
from santisuk.geo.selectors import area_label


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    label = serializers.SerializerMethodField()

    class Meta:
        model = Area
        fields = [
            "code",
            "level",
            "kind",
            "name_en",
            "name_km",
            "parent",
            "province",
            "label",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_label(self, area: Area) -> str:
        return getattr(area, "label", None) or area_label(area)


class AreaOptionSerializer(serializers.Serializer):
    """One autocomplete suggestion."""

    code = serializers.CharField()
    level = serializers.CharField()
    name_en = serializers.CharField()
    name_km = serializers.CharField()
    label = serializers.CharField()
