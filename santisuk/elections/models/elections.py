"""Elections, their calendar of stages, polling stations, parties and trusted reporters."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.elections.choices import ElectionKind, ReporterKind, StageCode


class Election(TimeStampedModel):
    scope_unit_field = None  # national reference data

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ElectionKind.choices)
    name_en = models.CharField(_("name (Latin)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    polling_date = models.DateField(_("polling date"))
    polls_open = models.TimeField(_("polls open"), default=datetime.time(7, 0))
    polls_close = models.TimeField(_("polls close"), default=datetime.time(15, 0))
    # The command that receives what no local unit covers and complaints about local forces.
    command_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("election security command"),
    )

    class Meta:
        ordering = ["-polling_date"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.name_en


class Stage(TimeStampedModel):
    scope_unit_field = None

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="stages", verbose_name=_("election")
    )
    code = models.CharField(_("stage"), max_length=20, choices=StageCode.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["election", "start_date"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["election", "code"], name="elections_stage_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="elections_stage_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election.slug} {self.code}"


class PollingStation(TimeStampedModel):
    scope_unit_field = None

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="stations", verbose_name=_("election")
    )
    code = models.CharField(_("code"), max_length=30)
    name_en = models.CharField(_("name (Latin)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    class Meta:
        ordering = ["election", "code"]
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "code"], name="elections_station_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"


class Party(TimeStampedModel):
    scope_unit_field = None

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="parties", verbose_name=_("election")
    )
    code = models.CharField(_("code"), max_length=20)
    name_en = models.CharField(_("name (Latin)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)

    class Meta:
        ordering = ["election", "code"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["election", "code"], name="elections_party_unique")
        ]

    def __str__(self) -> str:
        return self.name_en


class TrustedReporter(TimeStampedModel):
    """A phone number whose SMS reports are trusted: a post, a commune guard, an observer."""

    scope_unit_field = None

    phone = models.CharField(_("phone number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ReporterKind.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    polling_station = models.ForeignKey(
        PollingStation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("polling station"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("police post"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trusted reporter")
        verbose_name_plural = _("trusted reporters")

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"


class Partner(TimeStampedModel):
    """An outside organisation (the NEC election security secretariat, an electoral commission)
    whose members see only the incidents shared with it."""

    scope_unit_field = None

    name = models.CharField(_("name"), max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="election_partners"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name
