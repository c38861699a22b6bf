from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.org.choices import Rank


class Officer(TimeStampedModel):
    scope_unit_field = "unit"

    badge_number = models.CharField(_("badge number"), max_length=20, unique=True)
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="officers", verbose_name=_("unit")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit__path", "family_name", "given_name"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return (
            f"{self.get_rank_display()} {self.family_name} {self.given_name} ({self.badge_number})"
        )
