from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from santisuk.core.i18n import local_name
from santisuk.core.models import TimeStampedModel
from santisuk.geo.choices import CODE_LENGTH, Kind, Level
from santisuk.geo.normalise import search_key

# The level above each level: a village's parent is a commune, and so on.
PARENT_LEVEL = {
    Level.DISTRICT: Level.PROVINCE,
    Level.COMMUNE: Level.DISTRICT,
    Level.VILLAGE: Level.COMMUNE,
}


CharField.register_lookup(Length, "length")


class Area(TimeStampedModel):
    """One unit of the national gazetteer at any level, identified by its NCDD code.

    Versioned: when a unit is split or renumbered the old row gets ``valid_to`` and a new row is
    added, so records that point at the old code keep their meaning. At most one current row
    per code.
    """

    code = models.CharField(
        _("NCDD code"),
        max_length=8,
        db_index=True,
        validators=[RegexValidator(r"^[0-9]+$", _("An NCDD code is made of digits only."))],
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    province = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("The capital or province this unit lies in (itself for a province)."),
    )
    name_km = models.CharField(_("name (Khmer)"), max_length=200)
    name_en = models.CharField(_("name (Latin)"), max_length=200)
    # Latin name as search compares it (see normalise.search_key): SQLite's LIKE folds ASCII
    # only, and romanisations differ in spacing, so search uses this column.
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("gazetteer unit")
        verbose_name_plural = _("gazetteer units")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="geo_area_current_code"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="geo_area_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(level="province", code__length=2)
                | Q(level="district", code__length=4)
                | Q(level="commune", code__length=6)
                | Q(level="village", code__length=8),
                name="geo_area_code_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    @property
    def local_name(self) -> str:
        return local_name(self)

    def get_absolute_url(self) -> str:
        return reverse("geo:area_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        expected = CODE_LENGTH.get(self.level)
        if expected and len(self.code) != expected:
            errors["code"] = _("A %(level)s code has %(length)d digits.") % {
                "level": self.get_level_display(),
                "length": expected,
            }
        wanted_parent = PARENT_LEVEL.get(self.level)
        if self.parent_id is not None and self.parent.level != wanted_parent:
            errors["parent"] = _("The parent of a %(level)s must be a %(parent)s.") % {
                "level": self.get_level_display(),
                "parent": Level(wanted_parent).label if wanted_parent else "-",
            }
        if self.level == Level.PROVINCE and self.parent_id is not None:
            errors["parent"] = _("A capital or province has no parent.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name_en)
        if self.parent_id is not None and self.province_id is None:
            self.province_id = self.parent.province_id
        super().save(*args, **kwargs)
