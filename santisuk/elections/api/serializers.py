from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from santisuk.elections.choices import Channel, Disposition, StageCode
from santisuk.elections.models import (
    Election,
    Incident,
    IntakeReport,
    Notice,
    PollingStation,
    SituationReport,
    Stage,
)
from santisuk.geo.models import Area
from santisuk.org.models import Unit


def django_errors(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["code", "start_date", "end_date"]


class ElectionSerializer(serializers.ModelSerializer):
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = Election
        fields = ["id", "slug", "kind", "name_en", "name_km", "polling_date", "stages"]


class PollingStationSerializer(serializers.ModelSerializer):
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True)
    election = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PollingStation
        fields = [
            "id",
            "election",
            "code",
            "name_en",
            "name_km",
            "commune",
            "latitude",
            "longitude",
        ]


class IntakeReportSerializer(serializers.ModelSerializer):
    election = serializers.SlugRelatedField(slug_field="slug", queryset=Election.objects.all())
    area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.filter(valid_to__isnull=True),
        required=False,
        allow_null=True,
    )
    polling_station = serializers.PrimaryKeyRelatedField(
        queryset=PollingStation.objects.all(), required=False, allow_null=True
    )
    channel = serializers.ChoiceField(
        choices=[
            (Channel.CALL, Channel.CALL.label),
            (Channel.POST, Channel.POST.label),
            (Channel.REFERRAL, Channel.REFERRAL.label),
        ]
    )
    incident = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = IntakeReport
        fields = [
            "id",
            "election",
            "channel",
            "received_at",
            "reporter_name",
            "reporter_phone",
            "verified_source",
            "text",
            "crime_kind",
            "election_kind",
            "severity",
            "area",
            "polling_station",
            "latitude",
            "longitude",
            "incident",
        ]
        read_only_fields = ["received_at", "verified_source", "incident"]

    def create(self, validated_data):
        from santisuk.elections.services import intake_create

        try:
            return intake_create(
                actor=self.context["request"].user, verified_source=True, **validated_data
            )
        except DjangoValidationError as error:
            raise django_errors(error) from error


class IncidentSerializer(serializers.ModelSerializer):
    election = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assigned_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reports = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    PARTY_FIELDS = ("complainant_party", "victim_party")

    class Meta:
        model = Incident
        fields = [
            "id",
            "number",
            "election",
            "title",
            "description",
            "crime_kind",
            "election_kind",
            "severity",
            "area",
            "polling_station",
            "latitude",
            "longitude",
            "occurred_at",
            "stage",
            "stage_corrected",
            "status",
            "disposition",
            "about_security_forces",
            "complainant_party",
            "victim_party",
            "assigned_unit",
            "assigned_level",
            "assigned_at",
            "acknowledged_at",
            "ack_due_at",
            "resolve_due_at",
            "escalations",
            "resolved_at",
            "reports",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_perm("elections.see_party_affiliation"):
            for name in self.PARTY_FIELDS:
                data.pop(name, None)
        return data


class OpenIncidentSerializer(serializers.Serializer):
    report = serializers.PrimaryKeyRelatedField(queryset=IntakeReport.objects.all())
    title = serializers.CharField(max_length=200, required=False)
    severity = serializers.IntegerField(min_value=1, max_value=5, required=False)


class TriageSerializer(serializers.Serializer):
    severity = serializers.IntegerField(min_value=1, max_value=5)
    crime_kind = serializers.CharField(required=False, allow_blank=True, default="")
    election_kind = serializers.CharField(required=False, allow_blank=True, default="")


class VerifySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["verified", "unverified", "false"])


class AssignSerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.filter(is_active=True)
    )


class ResolveSerializer(serializers.Serializer):
    disposition = serializers.ChoiceField(choices=Disposition.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StageCorrectSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=StageCode.choices)


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "kind", "title_en", "title_km", "body_en", "body_km", "status", "version"]
        read_only_fields = fields


class SituationReportSerializer(serializers.ModelSerializer):
    election = serializers.SlugRelatedField(slug_field="slug", queryset=Election.objects.all())
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.filter(level="province"),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = SituationReport
        fields = [
            "id",
            "number",
            "election",
            "province",
            "period_start",
            "period_end",
            "figures",
            "narrative",
        ]
        read_only_fields = ["number", "period_start", "period_end", "figures"]

    def create(self, validated_data):
        from santisuk.elections.services import sitrep_generate

        return sitrep_generate(actor=self.context["request"].user, **validated_data)
