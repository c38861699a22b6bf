"""CSV imports of police plates (with their vehicles) and venues: ``santisuk import plates FILE``
and ``santisuk import venues FILE``, and the import pages of the registries. The checks, the
all-or-nothing rule, the rejects file and the idempotence come from santisuk.core.imports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from santisuk.audit.services import event_record
from santisuk.core import imports
from santisuk.core.imports import Column, Importer
from santisuk.geo.models import Area
from santisuk.org.models import Officer, Unit
from santisuk.plates.choices import PlateStatus, VehicleType
from santisuk.plates.models import Plate, Vehicle, Venue, VenueType
from santisuk.plates.normalise import normalise_plate
from santisuk.plates.services import _assignment_open, assignment_changed

VEHICLE_COLUMNS = ("vehicle_type", "make", "model", "colour", "chassis_number", "engine_cc")


def _engine_cc(value: str) -> int:
    number = imports.integer(value)
    if not 0 < number <= 20000:
        raise ValueError(_("An engine size between 1 and 20000 cc."))
    return number


class PlateImporter(Importer):
    name = "plates"
    label = gettext_lazy("police plates")
    model = Plate
    key = ("plate_number",)
    columns = (
        Column("plate_number", imports.text(30), required=True, field="number"),
        Column("unit_code", imports.lookup(Unit, "code"), required=True, field="unit"),
        Column("vehicle_type", imports.choice(VehicleType), field=""),
        Column("make", imports.text(60), field=""),
        Column("model", imports.text(60), field=""),
        Column("colour", imports.text(40), field=""),
        Column("chassis_number", imports.text(40), field=""),
        Column("engine_cc", _engine_cc, field=""),
        Column("officer_badge", imports.lookup(Officer, "badge_number"), field="officer"),
        Column("status", imports.choice(PlateStatus), field="status", default=PlateStatus.ACTIVE),
        Column("issued_on", imports.date, field="issued_on"),
    )

    @classmethod
    def permissions(cls) -> list[str]:
        return [*super().permissions(), "plates.add_vehicle", "plates.change_vehicle"]

    def run(self, source: Any, **kwargs: Any):
        self._lines_by_plate: dict[str, int] = {}
        return super().run(source, **kwargs)

    def _apply(self, row, seen) -> None:
        self._line = row.line
        super()._apply(row, seen)

    def find(self, values: dict[str, Any]) -> Plate | None:
        normalised = normalise_plate(values["plate_number"])
        return Plate.objects.filter(normalised=normalised).first()

    def validate(self, values: dict[str, Any]) -> None:
        self._values = values
        normalised = normalise_plate(values["plate_number"])
        if not normalised:
            raise ValidationError({"number": _("A plate number needs letters or digits.")})
        # "P 1-1" and "P-1 1" are one plate: the file may name it once only.
        first = self._lines_by_plate.setdefault(normalised, self._line)
        if first != self._line:
            raise ValidationError(
                {
                    "number": _("The same plate, written differently, is already on line %(line)d.")
                    % {"line": first}
                }
            )
        chassis = values.get("chassis_number")
        if chassis and not values.get("vehicle_type"):
            found = Vehicle.objects.filter(chassis_number=chassis).exists()
            if not found:
                raise ValidationError(
                    {"vehicle_type": _("Required for a vehicle not yet registered.")}
                )
        if self.actor is not None:
            # A user registers plates only for units they may see.
            unit = values["unit_code"]
            if not Unit.objects.restrict(self.actor, "view").filter(pk=unit.pk).exists():
                raise ValidationError({"unit": _("No unit with this code in your scope.")})

    def _vehicle_unchanged(self, instance: Plate, values: dict[str, Any]) -> bool:
        chassis = values.get("chassis_number")
        if not chassis:
            return True
        vehicle = instance.vehicle
        if vehicle is None or vehicle.chassis_number != chassis:
            return False
        return all(
            values.get(name) in (None, "") or getattr(vehicle, name) == values.get(name)
            for name in VEHICLE_COLUMNS
        )

    def _unchanged(self, instance, values):
        return super()._unchanged(instance, values) and self._vehicle_unchanged(instance, values)

    def save(self, instance: Plate, *, created: bool) -> None:
        values = self._values
        chassis = values.get("chassis_number")
        if chassis:
            vehicle = Vehicle.objects.filter(chassis_number=chassis).first() or Vehicle(
                chassis_number=chassis, holding_unit=instance.unit
            )
            for name in VEHICLE_COLUMNS:
                if values.get(name) not in (None, ""):
                    setattr(vehicle, name, values[name])
            vehicle.holding_unit = instance.unit
            try:
                vehicle.full_clean()
            except ValidationError as exc:
                raise ValidationError(
                    {
                        ("chassis_number" if k == "__all__" else k): v
                        for k, v in exc.message_dict.items()
                    }
                ) from None
            vehicle.save()
            instance.vehicle = vehicle
        instance.full_clean()
        instance.save()
        if created or assignment_changed(instance):
            _assignment_open(instance)
        event_record(
            name="plate.registered" if created else "plate.updated",
            obj=instance,
            data={"number": instance.number, "unit": instance.unit.code, "source": "import"},
        )


def _area(value: str) -> Area:
    parse = imports.lookup(Area, "code", queryset=Area.objects.filter(valid_to__isnull=True))
    return parse(value.strip())


def _float(limit: int):
    def parse(value: str) -> float:
        number = float(imports.decimal(value))
        if not -limit <= number <= limit:
            raise ValueError(_("Between -%(limit)d and %(limit)d.") % {"limit": limit})
        return number

    return parse


def _venue_type(value: str) -> VenueType:
    folded = value.strip().casefold()
    for venue_type in VenueType.objects.all():
        if folded in (venue_type.code.casefold(), venue_type.name_en.casefold()):
            return venue_type
    codes = ", ".join(VenueType.objects.values_list("code", flat=True))
    raise ValueError(_("Not a venue type; the types are: %(codes)s.") % {"codes": codes})


class VenueImporter(Importer):
    name = "venues"
    label = gettext_lazy("venues")
    model = Venue
    key = ("name", "location_code")
    columns = (
        Column("name", imports.text(150), required=True),
        Column("venue_type", _venue_type, required=True),
        Column("location_code", _area, required=True, field="location"),
        Column("latitude", _float(90), required=True),
        Column("longitude", _float(180), required=True),
        Column("radius_m", imports.integer, default=100),
    )
