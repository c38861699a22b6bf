import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from santisuk.plates.models import (
    Alert,
    MisuseRule,
    Plate,
    Tariff,
    TaxAssessment,
    TravelOrder,
    Vehicle,
    Venue,
    VenueType,
)


class PlateTable(tables.Table):
    number = tables.Column(linkify=("plates:plate_detail", {"pk": tables.A("pk")}))
    unit = tables.Column(accessor="unit__code", verbose_name=_("Holding unit"))

    class Meta:
        model = Plate
        fields = ("number", "unit", "vehicle", "officer", "status", "issued_on")


class VehicleTable(tables.Table):
    chassis_number = tables.Column(linkify=("plates:vehicle_detail", {"pk": tables.A("pk")}))
    holding_unit = tables.Column(accessor="holding_unit__code", verbose_name=_("Holding unit"))

    class Meta:
        model = Vehicle
        fields = (
            "chassis_number",
            "vehicle_type",
            "make",
            "model",
            "colour",
            "engine_cc",
            "classification",
            "holding_unit",
        )


class VenueTable(tables.Table):
    name = tables.Column(linkify=("plates:venue_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = Venue
        fields = ("name", "venue_type", "location", "latitude", "longitude", "radius_m")


class VenueTypeTable(tables.Table):
    code = tables.Column(linkify=("plates:venuetype_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = VenueType
        fields = ("code", "name_en", "name_km", "is_restricted")


class MisuseRuleTable(tables.Table):
    code = tables.Column(linkify=("plates:misuserule_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = MisuseRule
        fields = ("code", "severity", "is_enabled", "threshold", "window_days", "max_speed_kmh")


class TariffTable(tables.Table):
    vehicle_type = tables.Column(linkify=("plates:tariff_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = Tariff
        fields = ("vehicle_type", "engine_cc_min", "engine_cc_max", "amount_khr")


class TravelOrderTable(tables.Table):
    reference = tables.Column(linkify=("plates:travelorder_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = TravelOrder
        fields = ("reference", "plate", "province", "valid_from", "valid_to")


class AlertTable(tables.Table):
    number = tables.Column(linkify=("plates:alert_detail", {"pk": tables.A("pk")}))
    rule = tables.Column(accessor="rule")
    unit = tables.Column(accessor="unit__code", verbose_name=_("Holding unit"))

    class Meta:
        model = Alert
        fields = (
            "number",
            "seen_at",
            "rule",
            "severity",
            "plate",
            "venue",
            "unit",
            "assigned_to",
            "status",
            "outcome",
        )


class TaxAssessmentTable(tables.Table):
    number = tables.Column(linkify=("plates:taxassessment_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = TaxAssessment
        fields = ("number", "plate", "vehicle", "amount_khr", "assessed_on")
