"""Vehicles, police plates with their history of assignments, and the venues where a police
vehicle has no business off duty."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.plates.choices import Classification, PlateStatus, VehicleType
from santisuk.plates.normalise import normalise_plate


class Vehicle(TimeStampedModel):
    scope_unit_field = "holding_unit"

    vehicle_type = models.CharField(_("vehicle type"), max_length=20, choices=VehicleType.choices)
    make = models.CharField(_("make"), max_length=60, blank=True)
    model = models.CharField(_("model"), max_length=60, blank=True)
    colour = models.CharField(_("colour"), max_length=40, blank=True)
    chassis_number = models.CharField(_("chassis number"), max_length=40)
    engine_number = models.CharField(_("engine number"), max_length=40, blank=True)
    engine_cc = models.PositiveIntegerField(
        _("engine size (cc)"), null=True, blank=True, validators=[MaxValueValidator(20000)]
    )
    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.POLICE,
    )
    holding_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("holding unit")
    )

    class Meta:
        ordering = ["chassis_number"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [
            models.UniqueConstraint(fields=["chassis_number"], name="plates_vehicle_chassis_uniq")
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.make, self.model, self.chassis_number) if p)


class VehiclePhoto(TimeStampedModel):
    scope_unit_field = "vehicle__holding_unit"

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="photos", verbose_name=_("vehicle")
    )
    image = models.FileField(_("photo"), upload_to="plates/vehicles/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vehicle photo")
        verbose_name_plural = _("vehicle photos")


class Plate(TimeStampedModel):
    scope_unit_field = "unit"

    number = models.CharField(
        _("plate number"), max_length=30, help_text=_("As issued, e.g. ប៉ូលិស 2-1234.")
    )
    normalised = models.CharField(_("normalised plate"), max_length=40, editable=False)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("holding unit")
    )
    vehicle = models.ForeignKey(
        Vehicle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plates",
        verbose_name=_("vehicle"),
    )
    officer = models.ForeignKey(
        "org.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlateStatus.choices, default=PlateStatus.ACTIVE
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)

    class Meta:
        ordering = ["normalised"]
        verbose_name = _("police plate")
        verbose_name_plural = _("police plates")
        constraints = [
            models.UniqueConstraint(fields=["normalised"], name="plates_plate_normalised_uniq")
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.normalised = normalise_plate(self.number)
        if not self.normalised:
            raise ValidationError({"number": _("A plate number needs letters or digits.")})
        clash = Plate.objects.filter(normalised=self.normalised).exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError(
                {
                    "number": _(
                        "Plate %(other)s is already registered: it is the same plate once "
                        "spaces, dashes and look-alike characters are folded."
                    )
                    % {"other": clash.number}
                }
            )

    def save(self, *args, **kwargs):
        self.normalised = normalise_plate(self.number)
        super().save(*args, **kwargs)


class PlateAssignment(TimeStampedModel):
    """Who held a plate when: one row per period; the current one has no end."""

    scope_unit_field = "unit"

    plate = models.ForeignKey(
        Plate, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("plate")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("holding unit")
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("vehicle")
    )
    officer = models.ForeignKey(
        "org.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["plate", "-started_at"]
        verbose_name = _("plate assignment")
        verbose_name_plural = _("plate assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["plate"],
                condition=models.Q(ended_at__isnull=True),
                name="plates_assignment_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="plates_assignment_ends_after_start",
            ),
        ]


class VenueType(TimeStampedModel):
    """Kinds of venue; administrators add their own. Sightings at a restricted kind raise
    alerts."""

    scope_unit_field = None

    code = models.SlugField(_("code"), max_length=30)
    name_en = models.CharField(_("name (Latin)"), max_length=100)
    name_km = models.CharField(_("name (Khmer)"), max_length=100, blank=True)
    is_restricted = models.BooleanField(
        _("restricted"),
        default=True,
        help_text=_("A police vehicle seen here off duty raises an alert."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("venue type")
        verbose_name_plural = _("venue types")
        constraints = [models.UniqueConstraint(fields=["code"], name="plates_venuetype_code_uniq")]

    def __str__(self) -> str:
        return self.name_en


class Venue(TimeStampedModel):
    scope_unit_field = None

    name = models.CharField(_("name"), max_length=150)
    venue_type = models.ForeignKey(
        VenueType, on_delete=models.PROTECT, related_name="venues", verbose_name=_("venue type")
    )
    location = models.ForeignKey(
        "geo.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    radius_m = models.PositiveIntegerField(
        _("radius (m)"), default=100, validators=[MinValueValidator(5), MaxValueValidator(5000)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "location"], name="plates_venue_name_location_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="plates_venue_point_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.name
