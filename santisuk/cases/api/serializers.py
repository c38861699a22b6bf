from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from santisuk.cases import services
from santisuk.cases.models import Arrest, Case, CaseParty, CrimeType, Offence
from santisuk.geo.models import Area


class CrimeTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrimeType
        fields = [
            "id",
            "code",
            "name_en",
            "name_km",
            "iccs_code",
            "is_violent",
            "is_sexual",
            "is_restricted",
            "is_incident",
            "is_active",
        ]


class OffenceSerializer(serializers.ModelSerializer):
    crime_type = serializers.SlugRelatedField(
        slug_field="code", queryset=CrimeType.objects.filter(is_active=True)
    )

    class Meta:
        model = Offence
        fields = ["crime_type", "attempted"]


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseParty
        fields = ["person", "role", "relationship", "is_juvenile"]


class ArrestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Arrest
        fields = ["person", "arrested_on", "arrested_at", "arresting_unit", "charges", "outcome"]


class CaseSerializer(serializers.ModelSerializer):
    place = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.filter(valid_to__isnull=True)
    )
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    offences = OffenceSerializer(many=True)
    parties = PartySerializer(many=True, read_only=True)
    arrests = ArrestSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "owner_unit",
            "reported_on",
            "reported_at",
            "occurred_on",
            "occurred_from",
            "occurred_to",
            "place",
            "province",
            "latitude",
            "longitude",
            "narrative",
            "offences",
            "parties",
            "arrests",
            "status",
            "exceptional_reason",
            "cleared_on",
            "workflow_state",
            "approved_at",
            "is_restricted",
        ]
        read_only_fields = [
            "status",
            "exceptional_reason",
            "cleared_on",
            "workflow_state",
            "approved_at",
            "is_restricted",
        ]
        extra_kwargs = {"reference": {"required": False}}

    def _call(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise serializers.ValidationError(detail) from None

    def create(self, validated_data):
        actor = self.context["request"].user
        return self._call(services.case_create, actor=actor, **validated_data)

    def update(self, instance, validated_data):
        actor = self.context["request"].user
        validated_data.pop("owner_unit", None)
        validated_data.pop("reference", None)
        return self._call(services.case_update, case=instance, actor=actor, **validated_data)
