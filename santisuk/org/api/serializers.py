"""Unit and officer serializers. They validate input; saving goes through the services."""

from __future__ import annotations

from rest_framework import serializers

from santisuk.geo.models import Area
from santisuk.org.models import Officer, Unit
from santisuk.org.services import (
    officer_create,
    officer_transfer,
    officer_update,
    unit_create,
    unit_move,
    unit_update,
)


class _ScopedSerializer(serializers.ModelSerializer):
    """Unit pickers accept only the units the requesting user can see."""

    unit_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in self.unit_fields:
            field = self.fields.get(name)
            if field is not None and user is not None:
                field.queryset = Unit.objects.restrict(user, "view")

    @property
    def actor(self):
        request = self.context.get("request")
        return getattr(request, "user", None)


class UnitSerializer(_ScopedSerializer):
    unit_fields = ("parent",)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), allow_null=True, required=False
    )
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=Area.objects.filter(valid_to__isnull=True),
        help_text="NCDD codes of the gazetteer units the unit answers for.",
    )
    province = serializers.SlugRelatedField(
        slug_field="code",
        allow_null=True,
        required=False,
        queryset=Area.objects.filter(level="province", valid_to__isnull=True),
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name_en",
            "name_km",
            "kind",
            "parent",
            "path",
            "depth",
            "province",
            "jurisdiction",
            "is_active",
        ]
        read_only_fields = ["path", "depth"]

    def validate_code(self, value: str) -> str:
        if "/" in value:
            raise serializers.ValidationError("A unit code may not contain '/'.")
        return value.strip()

    def create(self, validated_data):
        is_active = validated_data.pop("is_active", True)
        unit = unit_create(
            code=validated_data["code"],
            name_en=validated_data["name_en"],
            name_km=validated_data.get("name_km", ""),
            kind=validated_data["kind"],
            parent=validated_data.get("parent"),
            province=validated_data.get("province"),
            jurisdiction=validated_data.get("jurisdiction", ()),
            actor=self.actor,
        )
        if not is_active:
            unit = unit_update(unit=unit, is_active=False, actor=self.actor)
        return unit

    def update(self, instance, validated_data):
        if "parent" in validated_data and validated_data["parent"] != instance.parent:
            instance = unit_move(
                unit=instance, new_parent=validated_data["parent"], actor=self.actor
            )
        validated_data.pop("parent", None)
        jurisdiction = validated_data.pop("jurisdiction", None)
        return unit_update(
            unit=instance, jurisdiction=jurisdiction, actor=self.actor, **validated_data
        )


class OfficerSerializer(_ScopedSerializer):
    unit_fields = ("unit",)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Officer
        fields = [
            "id",
            "badge_number",
            "rank",
            "family_name",
            "given_name",
            "name_km",
            "unit",
            "unit_code",
            "user",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        field = self.fields.get("user")
        if field is not None and user is not None and hasattr(field, "queryset"):
            field.queryset = field.queryset.model.objects.restrict(user, "view")

    def create(self, validated_data):
        is_active = validated_data.pop("is_active", True)
        officer = officer_create(actor=self.actor, **validated_data)
        if not is_active:
            officer = officer_update(officer=officer, is_active=False, actor=self.actor)
        return officer

    def update(self, instance, validated_data):
        unit = validated_data.pop("unit", None)
        if unit is not None and unit.pk != instance.unit_id:
            instance = officer_transfer(officer=instance, unit=unit, actor=self.actor)
        return officer_update(officer=instance, actor=self.actor, **validated_data)
