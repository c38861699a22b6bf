"""The two audit tables. Both are append-only (database triggers, migration 0002) and
hash-chained: each row carries the hash of the row before it, so an altered, removed or
reordered row breaks the chain that ``santisuk audit verify`` walks.

The primary key is the entry's place in its chain, assigned under a lock by
``santisuk.audit.chain.append``; it has no gaps, so a missing number means a removed entry.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from santisuk.audit.choices import AccessOutcome, ChangeAction, Source
from santisuk.core.models import RestrictedQuerySet


class ChainPosition(models.BigIntegerField):
    """The entry's place in its chain, a 64-bit number. On SQLite the column is declared
    INTEGER so that it is the table's own row id: an entry is written to one B-tree, not to the
    table and to a separate unique index of its numbers (two million entries a national load)."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class ChainedEntry(models.Model):
    # The audit log is national: the permission to view it is the whole rule.
    scope_unit_field = None

    id = ChainPosition(_("number"), primary_key=True, editable=False)
    timestamp = models.DateTimeField(_("time"), db_index=True)
    # No database constraint and DO_NOTHING: deleting a user must never touch the log.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("actor"),
    )
    # Searched with "contains" (no index serves that); read through the actor's own index.
    actor_label = models.CharField(_("actor"), max_length=150)
    unit_id = models.BigIntegerField(_("unit"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    content_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    # Not indexed: nothing looks an entry up by its hash (``verify`` walks the chain in order),
    # and an index of random values costs every write of the log.
    hash = models.CharField(_("hash"), max_length=64)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-id"]
        # Nobody adds, changes or deletes audit entries through the application.
        default_permissions = ("view",)

    def object_model(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.content_type) if self.content_type else None
        except (LookupError, ValueError):
            return None

    def unit_display(self) -> str:
        """The acting unit as it is now, or its number if it no longer exists."""
        if self.unit_id is None:
            return ""
        unit = apps.get_model("org", "Unit")._base_manager.filter(pk=self.unit_id).first()
        return str(unit) if unit else f"#{self.unit_id}"

    def object_type_display(self) -> str:
        model = self.object_model()
        return str(model._meta.verbose_name) if model else self.content_type


class ChangeEntry(ChainedEntry):
    """One create, update or delete of a domain record, or one domain event."""

    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    event = models.CharField(_("event"), max_length=100, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta(ChainedEntry.Meta):
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        # Declared here rather than with db_index, which on PostgreSQL adds a second,
        # pattern-matching index to each text column: the log is filtered by exact values.
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_change_object"),
            models.Index(fields=["request_id"], name="audit_change_request"),
            # Only the domain events: the plain changes (most of the log, two million rows a
            # national import) have no event and are never looked up by it.
            models.Index(fields=["event"], name="audit_change_event", condition=~Q(event="")),
        ]

    def __str__(self) -> str:
        what = self.event or self.get_action_display()
        return f"#{self.id} {what}: {self.object_type_display()} {self.object_repr}".strip(" :")

    def get_absolute_url(self) -> str:
        return reverse("audit:change_detail", args=[self.pk])

    def value_rows(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for the detail page, in the model's field order."""
        before = self.before if isinstance(self.before, dict) else {}
        after = self.after if isinstance(self.after, dict) else {}
        keys = list(before) + [k for k in after if k not in before]
        model = self.object_model()
        order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
        keys.sort(key=lambda k: order.get(k, len(order)))
        rows = []
        for key in keys:
            label: Any = key
            if model is not None:
                with contextlib.suppress(FieldDoesNotExist):
                    label = model._meta.get_field(key).verbose_name
            rows.append((label, before.get(key), after.get(key)))
        return rows


class AccessEntry(ChainedEntry):
    """One sensitive read, search or login attempt."""

    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=100)
    query = models.JSONField(_("query"), null=True, blank=True)
    reason = models.TextField(_("reason given"), blank=True)
    result_count = models.IntegerField(_("results"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AccessOutcome.choices)

    class Meta(ChainedEntry.Meta):
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_access_object"),
            models.Index(fields=["request_id"], name="audit_access_request"),
            models.Index(fields=["action"], name="audit_access_action"),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.action}: {self.actor_label}"

    def get_absolute_url(self) -> str:
        return reverse("audit:access_detail", args=[self.pk])
