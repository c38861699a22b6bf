"""Intake reports (what came in) and incidents (what the command manages)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import RestrictedQuerySet, ScopedModel, TimeStampedModel
from santisuk.elections.choices import (
    Channel,
    CommandLevel,
    CrimeKind,
    Disposition,
    ElectionIncidentKind,
    StageCode,
    Status,
)


def _point() -> tuple[models.Field, models.Field]:
    return (
        models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True),
        models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True),
    )


def partner_ids(user: Any) -> list[int]:
    """The partner organisations the user belongs to, read once per request's user object."""
    cached = getattr(user, "_election_partner_ids", None)
    if cached is None:
        cached = list(user.election_partners.values_list("pk", flat=True))
        user._election_partner_ids = cached
    return cached


class PartnerAwareQuerySet(RestrictedQuerySet):
    """A member of a partner organisation (the NEC secretariat) sees only what was shared with
    the organisation, whatever else their role would give them."""

    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        partners = partner_ids(user)
        if not user.is_superuser and partners:
            if action != "view":
                return self.none()
            return self.filter(**{self.partner_path: partners}).distinct()
        return super().restrict(user, action)

    partner_path = "shared_with__in"


class IntakePartnerQuerySet(PartnerAwareQuerySet):
    partner_path = "incident__shared_with__in"


class Incident(ScopedModel):
    number = models.CharField(_("number"), max_length=30, unique=True)
    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, related_name="incidents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    crime_kind = models.CharField(_("crime"), max_length=30, choices=CrimeKind.choices, blank=True)
    election_kind = models.CharField(
        _("election-specific kind"), max_length=30, choices=ElectionIncidentKind.choices, blank=True
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    area = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    polling_station = models.ForeignKey(
        "elections.PollingStation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("polling station"),
    )
    latitude, longitude = _point()
    occurred_at = models.DateTimeField(_("occurred at"))
    stage = models.CharField(_("stage"), max_length=20, choices=StageCode.choices, blank=True)
    stage_corrected = models.BooleanField(_("stage corrected by hand"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    disposition = models.CharField(
        _("disposition"), max_length=20, choices=Disposition.choices, blank=True
    )
    # Neutrality: a complaint about the conduct of security forces and the unit concerned.
    about_security_forces = models.BooleanField(_("about security-force conduct"), default=False)
    concerned_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit concerned"),
    )
    # Party affiliations are shown only to holders of elections.see_party_affiliation.
    complainant_party = models.ForeignKey(
        "elections.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party of the complainant"),
    )
    victim_party = models.ForeignKey(
        "elections.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party of the victim"),
    )
    shared_with = models.ManyToManyField(
        "elections.Partner", blank=True, related_name="incidents", verbose_name=_("shared with")
    )
    # Assignment to a command level, with acknowledgement and deadlines.
    assigned_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    assigned_level = models.CharField(
        _("command level"), max_length=20, choices=CommandLevel.choices, blank=True
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ack_due_at = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    resolve_due_at = models.DateTimeField(_("resolve by"), null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)
    case_id = models.PositiveIntegerField(_("case"), null=True, blank=True)
    # The edit lock: one person edits at a time until the lock expires.
    lock_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_expires_at = models.DateTimeField(_("lock expires at"), null=True, blank=True)

    objects = PartnerAwareQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        permissions = [
            ("see_party_affiliation", "Can see party affiliations on incidents"),
            ("assign_incident", "Can assign and escalate incidents"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=5),
                name="elections_incident_severity_1_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="resolved") | ~models.Q(disposition=""),
                name="elections_incident_resolved_has_disposition",
            ),
        ]
        indexes = [models.Index(fields=["election", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class IntakeReport(ScopedModel):
    """One report as it came in. Several reports may be attached to one incident."""

    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, related_name="intake_reports"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    reporter_name = models.CharField(_("reporter"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("reporter phone"), max_length=20, blank=True)
    reporter = models.ForeignKey(
        "elections.TrustedReporter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("trusted reporter"),
    )
    partner = models.ForeignKey(
        "elections.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referred by"),
    )
    verified_source = models.BooleanField(_("from a verified source"), default=False)
    text = models.TextField(_("report"))
    crime_kind = models.CharField(_("crime"), max_length=30, choices=CrimeKind.choices, blank=True)
    election_kind = models.CharField(
        _("election-specific kind"), max_length=30, choices=ElectionIncidentKind.choices, blank=True
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    area = models.ForeignKey(
        "geo.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    polling_station = models.ForeignKey(
        "elections.PollingStation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("polling station"),
    )
    latitude, longitude = _point()
    incident = models.ForeignKey(
        Incident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("incident"),
    )
    # Makes a resent gateway message idempotent: one stored report per gateway message id.
    external_id = models.CharField(_("gateway message id"), max_length=100, blank=True)

    objects = IntakePartnerQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("intake report")
        verbose_name_plural = _("intake reports")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~models.Q(external_id=""),
                name="elections_intake_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d %H:%M}"


class Notification(TimeStampedModel):
    """An in-app message to one user (escalations, assignments)."""

    scope_unit_field = None

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="election_notifications"
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=500)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message
