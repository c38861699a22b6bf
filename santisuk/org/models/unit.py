from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from santisuk.core.i18n import local_name
from santisuk.core.models import TimeStampedModel
from santisuk.org.choices import UnitKind


class Unit(TimeStampedModel):
    """A unit or command. Its place in the hierarchy is kept as a materialised ``path`` of codes
    ("MOI/GCNP/PP/PP-01/") so that "this unit and everything below it" is one indexed prefix
    query. ``path`` is maintained by ``unit_create``/``unit_move`` in services."""

    scope_unit_field = ""  # the unit is its own owner

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (Latin)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=500, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    province = models.ForeignKey(
        "geo.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
        help_text=_("Empty for national units."),
    )
    jurisdiction = models.ManyToManyField(
        "geo.Area", blank=True, related_name="units", verbose_name=_("jurisdiction")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="org_unit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    @property
    def local_name(self) -> str:
        return local_name(self)
