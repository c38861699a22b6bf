"""Where plates are seen: sightings from patrols, citizens and cameras, the rows that could not be
taken (quarantine), and the travel orders that allow a vehicle out of its province."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import RestrictedQuerySet, TimeStampedModel
from santisuk.plates.choices import SightingSource, TipStatus


class Sighting(models.Model):
    """One observation of a plate. High volume (cameras): the change log is written per batch as
    a domain event instead of one entry per row, and the table is partitioned by day on
    PostgreSQL. The columns a camera never fills have their empty value as the database's
    default too, so that the ingest leaves them out of its inserts."""

    audit_log = False
    scope_unit_field = None

    source = models.CharField(_("source"), max_length=10, choices=SightingSource.choices)
    device_id = models.CharField(_("device"), max_length=64, blank=True)
    captured_at = models.DateTimeField(_("seen at"))
    plate_text = models.CharField(_("plate as read"), max_length=40)
    plate_normalised = models.CharField(_("normalised plate"), max_length=40)
    plate = models.ForeignKey(
        "plates.Plate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sightings",
        verbose_name=_("police plate"),
        db_constraint=False,
        db_index=False,
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    venue = models.ForeignKey(
        "plates.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue"),
        db_constraint=False,
        db_index=False,
    )
    venue_name = models.CharField(_("venue as named"), max_length=150, blank=True)
    area = models.ForeignKey(
        "geo.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
        db_constraint=False,
        db_index=False,
    )
    place_text = models.CharField(
        _("place description"), max_length=200, blank=True, default="", db_default=""
    )
    image_sha256 = models.CharField(_("image SHA-256"), max_length=64, blank=True)
    photo = models.FileField(
        _("photo"), upload_to="plates/sightings/%Y/%m/", blank=True, default="", db_default=""
    )
    note = models.TextField(_("note"), blank=True, default="", db_default="")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
        db_constraint=False,
        db_index=False,
    )
    # Citizen tips: the receipt the citizen follows up with; the address only as a keyed hash.
    receipt = models.CharField(
        _("receipt number"), max_length=16, blank=True, default="", db_default=""
    )
    tip_status = models.CharField(
        _("tip status"),
        max_length=15,
        choices=TipStatus.choices,
        blank=True,
        default="",
        db_default="",
    )
    submitter_hash = models.CharField(
        max_length=64, blank=True, editable=False, default="", db_default=""
    )
    contact = models.CharField(
        _("contact (optional)"), max_length=100, blank=True, default="", db_default=""
    )
    rules_checked = models.BooleanField(default=False, editable=False)
    legal_hold = models.BooleanField(_("legal hold"), default=False, db_default=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-captured_at"]
        verbose_name = _("sighting")
        verbose_name_plural = _("sightings")
        # The deterministic key of a sighting is natural: the device, the capture time and the
        # normalised plate (the same camera row sent twice is the same sighting). Capture time
        # first, so that a camera feed appends to the end of the index instead of writing all
        # over it as a random hash did; a partitioned table needs the partition column in every
        # unique constraint, which this one has.
        constraints = [
            models.UniqueConstraint(
                fields=["captured_at", "device_id", "plate_normalised"],
                name="plates_sighting_natural_key",
            )
        ]
        # Every index slows the camera ingest: only what the rules, the search and the tip
        # pages look up. Partial indexes cover the few police-plate sightings and citizen tips,
        # not the mass of camera rows.
        indexes = [
            # The search by plate (exact match; declared here rather than with db_index, which
            # on PostgreSQL adds a second, pattern-matching index nobody uses).
            models.Index(fields=["plate_normalised"], name="plates_sight_plate_text"),
            models.Index(
                fields=["plate", "captured_at"],
                condition=models.Q(plate__isnull=False),
                name="plates_sight_plate_time",
            ),
            # Sightings committed but not yet checked against the rules (a run that died
            # between its commit and its check): few at any time, found without a scan.
            models.Index(
                fields=["captured_at"],
                condition=models.Q(rules_checked=False),
                name="plates_sight_unchecked",
            ),
            models.Index(
                fields=["receipt"], condition=~models.Q(receipt=""), name="plates_sight_receipt"
            ),
        ]

    def __str__(self) -> str:
        # Local time, as every page shows it (the database keeps UTC).
        return f"{self.plate_text} @ {timezone.localtime(self.captured_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        from santisuk.plates.partitions import ensure_day_partitions, local_day

        ensure_day_partitions([local_day(self.captured_at)])
        super().save(*args, **kwargs)


class QuarantinedSighting(models.Model):
    """A row that could not be taken, kept with the reason: nothing a camera sends is dropped."""

    audit_log = False
    scope_unit_field = None

    row_hash = models.CharField(max_length=64, editable=False)
    source_name = models.CharField(_("file or batch"), max_length=200, blank=True)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    raw = models.TextField(_("row as received"))
    reason = models.TextField(_("reason"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("quarantined sighting")
        verbose_name_plural = _("quarantined sightings")
        constraints = [
            models.UniqueConstraint(fields=["row_hash"], name="plates_quarantine_row_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.source_name}:{self.line}"


class TravelOrder(TimeStampedModel):
    """Allows a plate to be used in another province for a period."""

    scope_unit_field = "plate__unit"

    plate = models.ForeignKey(
        "plates.Plate",
        on_delete=models.CASCADE,
        related_name="travel_orders",
        verbose_name=_("plate"),
    )
    province = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    reference = models.CharField(_("order reference"), max_length=60)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("travel order")
        verbose_name_plural = _("travel orders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="plates_travelorder_period",
            )
        ]

    def __str__(self) -> str:
        return self.reference
