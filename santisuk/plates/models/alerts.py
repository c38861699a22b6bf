"""Misuse rules, the alerts they raise and what was done about each: notes, the holder's
explanation, the outcome, and for a cancelled plate the tax the vehicle now owes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.plates.choices import AlertStatus, Outcome, RuleCode, Severity, VehicleType


class MisuseRule(TimeStampedModel):
    """One rule per code; an administrator tunes its severity and parameters or switches it
    off."""

    scope_unit_field = None

    code = models.CharField(_("rule"), max_length=30, choices=RuleCode.choices)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    threshold = models.PositiveIntegerField(
        _("visits"),
        null=True,
        blank=True,
        help_text=_("Repeated visits: how many sightings at one venue raise the alert."),
    )
    window_days = models.PositiveIntegerField(
        _("window (days)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    night_start = models.TimeField(_("night starts"), null=True, blank=True)
    night_end = models.TimeField(_("night ends"), null=True, blank=True)
    max_speed_kmh = models.PositiveIntegerField(
        _("highest plausible speed (km/h)"), null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("misuse rule")
        verbose_name_plural = _("misuse rules")
        constraints = [models.UniqueConstraint(fields=["code"], name="plates_rule_code_uniq")]

    def __str__(self) -> str:
        return self.get_code_display()


class Alert(TimeStampedModel):
    scope_unit_field = "unit"

    number = models.CharField(_("alert number"), max_length=20, editable=False)
    rule = models.ForeignKey(
        MisuseRule, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("rule")
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    plate = models.ForeignKey(
        "plates.Plate", on_delete=models.PROTECT, related_name="alerts", verbose_name=_("plate")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("holding unit")
    )
    venue = models.ForeignKey(
        "plates.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("venue"),
    )
    # The sighting that raised the alert; sightings live in a partitioned table, so the link is
    # kept by value (no database foreign key).
    sighting = models.ForeignKey(
        "plates.Sighting",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("sighting"),
    )
    evidence = models.ManyToManyField(
        "plates.Sighting", through="AlertEvidence", related_name="alerts", blank=True
    )
    seen_at = models.DateTimeField(_("seen at"))
    summary = models.CharField(_("summary"), max_length=300)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(
        _("status"), max_length=22, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    explanation = models.TextField(_("holder's explanation"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    case_reference = models.CharField(_("case reference"), max_length=40, blank=True)
    cancellation_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancellation proposed by"),
    )
    cancellation_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancellation approved by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("misuse alert")
        verbose_name_plural = _("misuse alerts")
        permissions = [("approve_alert", _("Can approve a plate cancellation"))]
        constraints = [
            models.UniqueConstraint(fields=["rule", "sighting"], name="plates_alert_once_per_rule"),
            models.UniqueConstraint(fields=["number"], name="plates_alert_number_uniq"),
            models.CheckConstraint(
                condition=models.Q(cancellation_approved_by__isnull=True)
                | ~models.Q(cancellation_approved_by=models.F("cancellation_requested_by")),
                name="plates_alert_two_person_cancellation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.rule} {self.plate}"


class AlertEvidence(models.Model):
    audit_log = False

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE)
    sighting = models.ForeignKey(
        "plates.Sighting", on_delete=models.DO_NOTHING, db_constraint=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "sighting"], name="plates_evidence_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.sighting_id}"


class AlertNote(TimeStampedModel):
    scope_unit_field = "alert__unit"

    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="notes", verbose_name=_("alert")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    attachment = models.FileField(_("evidence file"), upload_to="plates/alerts/%Y/%m/", blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("alert note")
        verbose_name_plural = _("alert notes")


class Tariff(TimeStampedModel):
    """Annual tax of a civilian vehicle by type and engine size, in riel. Editable."""

    scope_unit_field = None

    vehicle_type = models.CharField(_("vehicle type"), max_length=20, choices=VehicleType.choices)
    engine_cc_min = models.PositiveIntegerField(_("engine size from (cc)"), default=0)
    engine_cc_max = models.PositiveIntegerField(_("engine size up to (cc)"), null=True, blank=True)
    amount_khr = models.PositiveBigIntegerField(_("amount (KHR)"))

    class Meta:
        ordering = ["vehicle_type", "engine_cc_min"]
        verbose_name = _("tax tariff")
        verbose_name_plural = _("tax tariffs")
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle_type", "engine_cc_min"], name="plates_tariff_band_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(engine_cc_max__isnull=True)
                | models.Q(engine_cc_max__gte=models.F("engine_cc_min")),
                name="plates_tariff_band_order",
            ),
        ]

    def __str__(self) -> str:
        upper = self.engine_cc_max if self.engine_cc_max is not None else "…"
        return f"{self.get_vehicle_type_display()} {self.engine_cc_min}–{upper} cc"


class TaxAssessment(TimeStampedModel):
    scope_unit_field = "unit"

    number = models.CharField(_("notice number"), max_length=20, editable=False)
    alert = models.OneToOneField(
        Alert, on_delete=models.PROTECT, related_name="assessment", verbose_name=_("alert")
    )
    vehicle = models.ForeignKey(
        "plates.Vehicle", on_delete=models.PROTECT, related_name="+", verbose_name=_("vehicle")
    )
    plate = models.ForeignKey(
        "plates.Plate", on_delete=models.PROTECT, related_name="+", verbose_name=_("plate")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("holding unit")
    )
    tariff = models.ForeignKey(
        Tariff, on_delete=models.PROTECT, related_name="+", verbose_name=_("tariff")
    )
    amount_khr = models.PositiveBigIntegerField(_("amount (KHR)"))
    assessed_on = models.DateField(_("assessed on"))

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("tax assessment")
        verbose_name_plural = _("tax assessments")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="plates_assessment_number_uniq")
        ]

    def __str__(self) -> str:
        return self.number
