"""Base models shared by every domain app, and the platform's own scratch tables. No domain models
live here."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from santisuk.core.scope import unit_scope_q


class RestrictedQuerySet(models.QuerySet):
    """Every scoped model's manager. Views, API, exports and searches start from ``restrict``."""

    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        meta = self.model._meta
        if not user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}"):
            return self.none()
        field = getattr(self.model, "scope_unit_field", None)
        if field is None:  # national reference data: the permission is the whole rule
            return self.all()
        return self.filter(unit_scope_q(user, field))


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The change log entry is written by post_save; one transaction keeps the write and its
        # entry together even for a bare save() in autocommit mode.
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)


class ScopedModel(TimeStampedModel):
    """A record owned by a unit; who sees it follows from the unit."""

    scope_unit_field = "owner_unit"

    owner_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning unit"),
    )

    class Meta:
        abstract = True


class ThrottleHit(models.Model):
    """One request counted against a per-address allowance (see santisuk.core.throttle), kept
    only for the allowance's window."""

    audit_log = False  # scratch rows; the requests they count are logged where they matter

    bucket = models.CharField(_("allowance"), max_length=40)
    client = models.CharField(_("client"), max_length=64, help_text=_("Keyed hash of the address."))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("request counted against an allowance")
        verbose_name_plural = _("requests counted against allowances")
        indexes = [
            models.Index(fields=["bucket", "client"], name="core_throttle_client_idx"),
            models.Index(fields=["bucket", "at"], name="core_throttle_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.bucket} {self.at:%Y-%m-%d %H:%M:%S}"
