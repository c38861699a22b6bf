from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.people.choices import CAMBODIA, IdentifierKind, Sex
from santisuk.people.normalise import identifier_number, khmer_key, latin_key

alpha3_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter an ISO 3166 alpha-3 country code: three capital letters, e.g. KHM.")
)


def normal_names(family_name: str, given_name: str, name_km: str) -> tuple[str, str, str]:
    """A person's names as stored: spaces collapsed, Latin names in capitals."""
    return (
        " ".join(family_name.split()).upper(),
        " ".join(given_name.split()).upper(),
        " ".join(name_km.split()),
    )


class Person(TimeStampedModel):
    """One entry of the national master person index, shared by every module.

    Not owned by a unit: anyone holding ``people.view_person`` may look people up, and every
    search and every read is logged with its reason (selectors).
    """

    scope_unit_field = None

    family_name = models.CharField(_("family name (Latin)"), max_length=100, blank=True)
    given_name = models.CharField(_("given name (Latin)"), max_length=100, blank=True)
    name_km = models.CharField(_("full name (Khmer)"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1880), MaxValueValidator(2100)],
    )
    birth_date = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the year is known."),
    )
    birth_place = models.ForeignKey(
        "geo.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place of birth"),
    )
    nationality = models.CharField(
        _("nationality"), max_length=3, default=CAMBODIA, validators=[alpha3_validator]
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
        verbose_name=_("merged into"),
    )
    is_active = models.BooleanField(_("active"), default=True, editable=False)
    # Normalised copies kept by save() (and by normalise() before a bulk_create).
    search_name = models.CharField(max_length=210, editable=False, db_index=True, default="")
    search_name_km = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True)
                | Q(birth_year__isnull=False, birth_date__year=F("birth_year")),
                name="people_person_birth_year_matches_date",
                violation_error_message=_(
                    "The year of birth must be the year of the date of birth."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="people_person_not_merged_into_self"
            ),
            models.CheckConstraint(
                condition=Q(
                    Exact(Length("nationality"), 3), Exact(Upper("nationality"), F("nationality"))
                ),
                name="people_person_nationality_alpha3",
            ),
        ]
        indexes = [models.Index(fields=["birth_year"], name="people_person_birth_year")]

    def __str__(self) -> str:
        latin = f"{self.family_name} {self.given_name}".strip()
        return " / ".join(part for part in (latin, self.name_km) if part) or f"#{self.pk}"

    @property
    def record_number(self) -> str:
        return f"P{self.pk:08d}" if self.pk else ""

    @property
    def birth_display(self) -> str:
        if self.birth_date:
            return self.birth_date.isoformat()
        return str(self.birth_year) if self.birth_year else ""

    def normalise(self) -> None:
        self.family_name, self.given_name, self.name_km = normal_names(
            self.family_name, self.given_name, self.name_km
        )
        self.nationality = (self.nationality or "").strip().upper()
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year
        self.search_name = latin_key(self.family_name, self.given_name)
        self.search_name_km = khmer_key(self.name_km)

    def clean(self) -> None:
        self.normalise()
        errors = {}
        if not (self.family_name or self.given_name or self.name_km):
            errors["family_name"] = _("Give the name in Latin letters, in Khmer script, or both.")
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            errors["birth_year"] = _("The year of birth must be the year of the date of birth.")
        # Old gazetteer versions stay valid for existing records; new entries use current ones.
        if self._state.adding and self.birth_place_id and self.birth_place.valid_to is not None:
            errors["birth_place"] = _("This gazetteer unit is no longer current.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)


class PersonIdentifier(TimeStampedModel):
    scope_unit_field = None

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="identifiers", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IdentifierKind.choices)
    number = models.CharField(_("number"), max_length=40)
    country = models.CharField(
        _("issuing country"), max_length=3, default=CAMBODIA, validators=[alpha3_validator]
    )

    class Meta:
        ordering = ["kind", "number"]
        verbose_name = _("person identifier")
        verbose_name_plural = _("person identifiers")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number", "country"],
                name="people_identifier_unique_number",
                violation_error_message=_(
                    "This document number is already recorded for a person in the index."
                ),
            ),
        ]
        indexes = [models.Index(fields=["number"], name="people_identifier_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.country})"

    def normalise(self) -> None:
        self.number = identifier_number(self.number)
        self.country = (self.country or "").strip().upper()

    def clean(self) -> None:
        self.normalise()
        if not self.number:
            raise ValidationError({"number": _("Enter the document number.")})
        if not self.number.isalnum() or not self.number.isascii():
            raise ValidationError(
                {"number": _("A document number has only letters A-Z and digits.")}
            )
        if (
            self.kind == IdentifierKind.NATIONAL_ID
            and self.country == CAMBODIA
            and not (self.number.isdigit() and len(self.number) == 9)
        ):
            raise ValidationError(
                {"number": _("A Cambodian national ID card number has 9 digits.")}
            )

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)
