"""Person index serializers. They validate input; saving goes through the services."""

from __future__ import annotations

from rest_framework import serializers

from santisuk.geo.models import Area
from santisuk.people.choices import CAMBODIA, IdentifierKind, Sex
from santisuk.people.models import Person, PersonIdentifier, PersonMerge
from santisuk.people.services import (
    MIN_REASON_LENGTH,
    person_create,
    person_merge_propose,
    person_update,
)


class IdentifierSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    number = serializers.CharField(max_length=40)
    country = serializers.RegexField(r"^[A-Za-z]{3}$", default=CAMBODIA, max_length=3)

    class Meta:
        model = PersonIdentifier
        fields = ["id", "kind", "number", "country"]
        # The uniqueness of a number is checked by the service, after normalisation.
        validators: list = []

    def validate_country(self, value: str) -> str:
        return value.upper()


class PersonSerializer(serializers.ModelSerializer):
    record_number = serializers.CharField(read_only=True)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    birth_place = serializers.SlugRelatedField(
        slug_field="code",
        allow_null=True,
        required=False,
        queryset=Area.objects.filter(valid_to__isnull=True),
        help_text="NCDD code of the place of birth.",
    )
    nationality = serializers.RegexField(
        r"^[A-Za-z]{3}$",
        default=CAMBODIA,
        max_length=3,
        help_text="ISO 3166 alpha-3 code, e.g. KHM.",
    )
    identifiers = IdentifierSerializer(many=True, required=False)

    class Meta:
        model = Person
        fields = [
            "id",
            "record_number",
            "family_name",
            "given_name",
            "name_km",
            "sex",
            "birth_year",
            "birth_date",
            "birth_place",
            "nationality",
            "identifiers",
            "is_active",
            "merged_into",
        ]
        read_only_fields = ["is_active", "merged_into"]

    def validate_nationality(self, value: str) -> str:
        return value.upper()

    def create(self, validated_data):
        identifiers = validated_data.pop("identifiers", [])
        request = self.context.get("request")
        return person_create(
            identifiers=identifiers, actor=getattr(request, "user", None), **validated_data
        )

    def update(self, instance, validated_data):
        if "identifiers" in validated_data:
            raise serializers.ValidationError(
                {"identifiers": ["Add documents with POST …/persons/{id}/identifiers/."]}
            )
        request = self.context.get("request")
        return person_update(
            person=instance, actor=getattr(request, "user", None), **validated_data
        )


class PersonSearchSerializer(serializers.Serializer):
    """The query parameters of a search (documentation of the list endpoint)."""

    name = serializers.CharField(required=False)
    identifier = serializers.CharField(required=False)
    birth_year = serializers.IntegerField(required=False, min_value=1880, max_value=2100)
    reason = serializers.CharField(min_length=MIN_REASON_LENGTH)


class PersonMergeSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    target = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    reason = serializers.CharField(min_length=MIN_REASON_LENGTH)
    proposed_by = serializers.StringRelatedField()
    approved_by = serializers.StringRelatedField()
    rejected_by = serializers.StringRelatedField()
    reversed_by = serializers.StringRelatedField()

    class Meta:
        model = PersonMerge
        fields = [
            "id",
            "source",
            "target",
            "status",
            "reason",
            "proposed_by",
            "proposed_at",
            "approved_by",
            "approved_at",
            "rejected_by",
            "rejected_at",
            "reversed_by",
            "reversed_at",
        ]
        read_only_fields = [
            "status",
            "proposed_at",
            "approved_at",
            "rejected_at",
            "reversed_at",
        ]
        validators: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:
            for name in ("source", "target"):
                self.fields[name].queryset = Person.objects.restrict(user, "view")

    def create(self, validated_data):
        request = self.context["request"]
        return person_merge_propose(actor=request.user, **validated_data)
