from rest_framework import serializers

from santisuk.plates.models import Alert, Plate, TravelOrder, Vehicle, Venue


class PlateSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Plate
        fields = ["id", "number", "normalised", "unit", "vehicle", "officer", "status", "issued_on"]


class VehicleSerializer(serializers.ModelSerializer):
    holding_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "vehicle_type",
            "make",
            "model",
            "colour",
            "chassis_number",
            "engine_number",
            "engine_cc",
            "classification",
            "holding_unit",
        ]


class VenueSerializer(serializers.ModelSerializer):
    venue_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    location = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Venue
        fields = ["id", "name", "venue_type", "location", "latitude", "longitude", "radius_m"]


class AlertSerializer(serializers.ModelSerializer):
    rule = serializers.SlugRelatedField(slug_field="code", read_only=True)
    plate = serializers.SlugRelatedField(slug_field="number", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "number",
            "rule",
            "severity",
            "plate",
            "unit",
            "venue",
            "seen_at",
            "summary",
            "status",
            "outcome",
            "created_at",
        ]


class SightingRowSerializer(serializers.Serializer):
    """One camera row, for the schema; rows are validated one by one by the ingest, so a bad row
    goes to quarantine instead of failing the batch."""

    source = serializers.CharField(required=False)
    device_id = serializers.CharField()
    captured_at = serializers.DateTimeField()
    plate_text = serializers.CharField()
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    venue_name = serializers.CharField(required=False, allow_blank=True)
    image_sha256 = serializers.CharField(required=False, allow_blank=True)


class IngestResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected = serializers.IntegerField()
    rejections = serializers.ListField(child=serializers.DictField())


class TravelOrderSerializer(serializers.ModelSerializer):
    plate = serializers.SlugRelatedField(slug_field="number", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TravelOrder
        fields = ["id", "reference", "plate", "province", "valid_from", "valid_to"]
