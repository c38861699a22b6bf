from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from santisuk.core.models import TimeStampedModel
from santisuk.people.choices import MergeStatus


class PersonMerge(TimeStampedModel):
    """A proposal that two records are the same person. One user proposes, another approves;
    the snapshot keeps what moved so that the merge can be reversed."""

    scope_unit_field = None

    source = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="merges_as_source",
        verbose_name=_("record merged away"),
    )
    target = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="merges_as_target",
        verbose_name=_("record kept"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MergeStatus.choices, default=MergeStatus.PROPOSED
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejected by"),
    )
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reversed by"),
    )
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    snapshot = models.JSONField(_("what moved"), default=dict, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("person merge")
        verbose_name_plural = _("person merges")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="people_merge_source_not_target",
                violation_error_message=_("A record cannot be merged into itself."),
            ),
            models.UniqueConstraint(
                fields=["source", "target"],
                condition=Q(status="proposed"),
                name="people_merge_one_open_proposal",
                violation_error_message=_("This merge has already been proposed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.get_status_display()})"
