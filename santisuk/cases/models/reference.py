from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.i18n import local_name
from santisuk.core.models import TimeStampedModel

code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use lower-case letters, digits and underscores, e.g. vehicle_theft.")
)


class CrimeType(TimeStampedModel):
    """The national list of crime types, mapped to the UNODC ICCS. Administrators may edit it;
    imports and reports use ``code``."""

    scope_unit_field = None

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    iccs_code = models.CharField(
        _("ICCS code"),
        max_length=12,
        blank=True,
        help_text=_("UNODC International Classification of Crime for Statistical Purposes."),
    )
    is_violent = models.BooleanField(
        _("violent"),
        default=False,
        help_text=_("The victim–offender relationship is recorded for violent offences."),
    )
    is_sexual = models.BooleanField(_("sexual offence"), default=False)
    is_restricted = models.BooleanField(
        _("restricts the case"),
        default=False,
        help_text=_("A case with this offence is seen only by its investigators and their chiefs."),
    )
    is_incident = models.BooleanField(
        _("incident, not a crime"),
        default=False,
        help_text=_("Fires and traffic crashes are recorded as incidents."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order in lists"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("crime type")
        verbose_name_plural = _("crime types")

    def __str__(self) -> str:
        return local_name(self)
