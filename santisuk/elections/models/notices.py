"""Public notices and situation reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.elections.choices import NoticeKind, NoticeStatus


class Notice(TimeStampedModel):
    scope_unit_field = None

    election = models.ForeignKey(
        "elections.Election",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("election"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_km = models.CharField(_("title (Khmer)"), max_length=200)
    body_en = models.TextField(_("text (English)"))
    body_km = models.TextField(_("text (Khmer)"))
    status = models.CharField(
        _("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    incidents = models.ManyToManyField(
        "elections.Incident", blank=True, related_name="notices", verbose_name=_("incidents")
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        permissions = [("approve_notice", "Can approve and publish public notices")]

    def __str__(self) -> str:
        return self.title_en


class NoticeVersion(TimeStampedModel):
    """Every published text, kept as it was published."""

    scope_unit_field = None

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_km = models.CharField(_("title (Khmer)"), max_length=200)
    body_en = models.TextField(_("text (English)"))
    body_km = models.TextField(_("text (Khmer)"))
    published_at = models.DateTimeField(_("published at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("published notice")
        verbose_name_plural = _("published notices")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "version"], name="elections_notice_version_unique"
            )
        ]


class SituationReport(TimeStampedModel):
    scope_unit_field = None

    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, related_name="sitreps"
    )
    number = models.PositiveIntegerField(_("number"))
    province = models.ForeignKey(
        "geo.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("to"))
    figures = models.JSONField(_("figures"), default=dict)
    narrative = models.TextField(_("narrative"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-number"]
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "number"], name="elections_sitrep_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"SITREP {self.number}"
