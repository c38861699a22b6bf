from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.geo.choices import Kind, Level


CharField.register_lookup(Length, "length")


class Area(TimeStampedModel):
    """One unit of the national gazetteer at any level, identified by its NCDD code.

    Versioned: when a unit is split or renumbered the old row gets ``valid_to`` and a new row is
    added, so records that point at the old code keep their meaning. At most one current row
    per code.
    """

    code = models.CharField(_("NCDD code"), max_length=8, db_index=True)
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
    # Case-folded Latin name: SQLite's LIKE folds ASCII only, so search uses this column.
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

    def save(self, *args, **kwargs):
        self.search_name = self.name_en.casefold()
        super().save(*args, **kwargs)
