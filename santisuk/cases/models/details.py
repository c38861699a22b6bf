"""What was seized or lost in a case, and the particulars of fires and traffic crashes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from santisuk.cases.choices import (
    CrashCause,
    CrashSeverity,
    Currency,
    DrugType,
    FireCause,
    PropertyStatus,
    QuantityUnit,
    SafetyUse,
    SeizureKind,
)
from santisuk.cases.models.case import Case, CaseChild


def _money(label):
    return models.DecimalField(
        label,
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class Seizure(CaseChild):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="seizures", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SeizureKind.choices)
    drug_type = models.CharField(_("drug"), max_length=24, choices=DrugType.choices, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    quantity_unit = models.CharField(
        _("unit"), max_length=8, choices=QuantityUnit.choices, blank=True
    )
    property_status = models.CharField(
        _("status"), max_length=10, choices=PropertyStatus.choices, default=PropertyStatus.SEIZED
    )
    value = _money(_("value"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.KHR
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("seizure or property")
        verbose_name_plural = _("seizures and property")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="drugs") | Q(drug_type=""),
                name="cases_seizure_drug_type_for_drugs",
                violation_error_message=_("A drug type is given only for drugs."),
            ),
        ]

    def __str__(self) -> str:
        what = self.get_drug_type_display() if self.drug_type else self.get_kind_display()
        if self.quantity is not None:
            return f"{what} {self.quantity.normalize():f} {self.get_quantity_unit_display()}"
        return str(what)

    def clean(self) -> None:
        errors = {}
        if self.kind == SeizureKind.DRUGS and not self.drug_type:
            errors["drug_type"] = _("Say which drug.")
        if self.quantity is not None and not self.quantity_unit:
            errors["quantity_unit"] = _("Give the unit of the quantity.")
        if errors:
            raise ValidationError(errors)


class FireDetails(CaseChild):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="fire", verbose_name=_("case")
    )
    cause = models.CharField(_("cause"), max_length=12, choices=FireCause.choices)
    losses = models.TextField(_("losses"), blank=True)
    loss_value = _money(_("value of losses"))
    saved_value = _money(_("value of property saved"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.KHR
    )
    people_rescued = _count(_("people rescued"))
    deaths = _count(_("deaths"))
    injuries = _count(_("injuries"))

    class Meta:
        verbose_name = _("fire details")
        verbose_name_plural = _("fire details")

    def __str__(self) -> str:
        return f"{self.case} {self.get_cause_display()}"


class TrafficCrashDetails(CaseChild):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="traffic_crash", verbose_name=_("case")
    )
    severity = models.CharField(_("severity"), max_length=12, choices=CrashSeverity.choices)
    deaths_30_days = _count(_("deaths within 30 days"))
    serious_injuries = _count(_("serious injuries"))
    minor_injuries = _count(_("minor injuries"))
    motorcyclists = _count(_("motorcyclists involved"))
    car_occupants = _count(_("car occupants involved"))
    truck_occupants = _count(_("truck and bus occupants involved"))
    cyclists = _count(_("cyclists involved"))
    pedestrians = _count(_("pedestrians involved"))
    helmet_use = models.CharField(
        _("helmet use (motorcyclists)"), max_length=16, choices=SafetyUse.choices, blank=True
    )
    seatbelt_use = models.CharField(
        _("seatbelt use (car occupants)"), max_length=16, choices=SafetyUse.choices, blank=True
    )
    cause = models.CharField(_("main cause"), max_length=16, choices=CrashCause.choices)

    class Meta:
        verbose_name = _("traffic crash details")
        verbose_name_plural = _("traffic crash details")

    def __str__(self) -> str:
        return f"{self.case} {self.get_severity_display()}"

    def clean(self) -> None:
        if self.severity == CrashSeverity.FATAL and not self.deaths_30_days:
            raise ValidationError(
                {"deaths_30_days": _("A fatal crash has at least one death within 30 days.")}
            )
        if self.deaths_30_days and self.severity != CrashSeverity.FATAL:
            raise ValidationError({"severity": _("A crash with a death is fatal.")})
