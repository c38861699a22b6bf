"""A crime or incident record with its offences, people and arrests.

Restricted cases (sexual offences, trafficking, juveniles) are filtered at the queryset, on top of
the unit scope: ``restrict`` keeps them only for the investigators named on the case and for
users holding ``cases.supervise_restricted_case`` (the chiefs) within their scope.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from santisuk.cases.choices import (
    ArrestOutcome,
    CaseStatus,
    ExceptionalReason,
    NoteKind,
    PartyRole,
    Relationship,
    WorkflowState,
)
from santisuk.core.models import RestrictedQuerySet, ScopedModel, TimeStampedModel

SUPERVISE_RESTRICTED = "cases.supervise_restricted_case"


class CaseQuerySet(RestrictedQuerySet):
    def restrict(
        self, user: Any, action: str = "view", *, hide_restricted: bool = True
    ) -> CaseQuerySet:
        """``hide_restricted=False`` is for aggregate statistics only: counts include restricted
        cases, which reveal nobody, while every record-level read keeps them hidden."""
        qs = super().restrict(user, action)
        if not hide_restricted or user is None or not user.is_authenticated:
            return qs
        if user.is_superuser or user.has_perm(SUPERVISE_RESTRICTED):
            return qs
        prefix = getattr(self.model, "case_path", "")
        named = Case.investigators.through.objects.filter(user_id=user.pk).values("case_id")
        return qs.filter(Q(**{f"{prefix}is_restricted": False}) | Q(**{f"{prefix}pk__in": named}))


class Case(ScopedModel):
    case_path = ""

    owner_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning unit"),
        db_index=False,  # see the note on the indexes below
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    reported_on = models.DateField(_("reported on"), db_index=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    occurred_on = models.DateField(
        _("occurred on"),
        null=True,
        blank=True,
        help_text=_("The day, or the first day of a range."),
    )
    occurred_from = models.DateTimeField(_("occurred from"), null=True, blank=True)
    occurred_to = models.DateTimeField(_("occurred until"), null=True, blank=True)
    place = models.ForeignKey(
        "geo.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
        help_text=_("A village, or a coarser area when the village is not known."),
    )
    # Denormalised from the place by the services: statistics group by it. No index of its own:
    # the (province, reported_on) index serves every lookup by province.
    province = models.ForeignKey(
        "geo.Area",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("province"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    exceptional_reason = models.CharField(
        _("reason for exceptional clearance"),
        max_length=24,
        choices=ExceptionalReason.choices,
        blank=True,
    )
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    workflow_state = models.CharField(
        _("workflow"), max_length=12, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,  # see the note on the indexes below
        verbose_name=_("approved by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,  # see the note on the indexes below
        verbose_name=_("recorded by"),
    )
    investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="investigated_cases",
        verbose_name=_("investigators"),
    )
    marked_restricted = models.BooleanField(
        _("restricted by decision"),
        default=False,
        help_text=_("Restrict this case even if no offence or person makes it restricted."),
    )
    # Computed by the services: marked, a restricting offence, or a juvenile involved.
    is_restricted = models.BooleanField(_("restricted"), default=False, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("approve_case", _("Approve or return case records")),
            ("transfer_case", _("Transfer a case to another unit")),
            ("supervise_restricted_case", _("See restricted cases within one's scope")),
        ]
        # Each index costs every case written, and an import writes a million: no index of its
        # own for the owning unit (``unit_date`` begins with it) nor for who recorded or
        # approved a case (found within a unit's cases by date; users are deactivated, not
        # deleted).
        indexes = [
            models.Index(fields=["workflow_state", "reported_on"], name="cases_case_state_date"),
            models.Index(fields=["province", "reported_on"], name="cases_case_province_date"),
            models.Index(fields=["owner_unit", "reported_on"], name="cases_case_unit_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cleared_exceptionally") | ~Q(exceptional_reason=""),
                name="cases_case_exceptional_reason",
                violation_error_message=_("A case cleared exceptionally needs its reason."),
            ),
            models.CheckConstraint(
                condition=Q(occurred_to__isnull=True)
                | Q(occurred_from__isnull=True)
                | Q(occurred_to__gte=F("occurred_from")),
                name="cases_case_occurrence_range",
                violation_error_message=_("The end of the occurrence is before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.workflow_state in (WorkflowState.DRAFT, WorkflowState.RETURNED)

    @property
    def crime_types_label(self) -> str:
        return ", ".join(str(o.crime_type) for o in self.offences.all())


class CaseChild(TimeStampedModel):
    """A part of a case: seen by whoever sees the case."""

    scope_unit_field = "case__owner_unit"
    case_path = "case__"

    objects = CaseQuerySet.as_manager()

    class Meta:
        abstract = True


# The parts of a case need no index on ``case`` of their own: each one's unique constraint
# starts with it. Every index costs each row a bulk import writes.


class Offence(CaseChild):
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="offences",
        verbose_name=_("case"),
        db_index=False,
    )
    crime_type = models.ForeignKey(
        "cases.CrimeType",
        on_delete=models.PROTECT,
        related_name="offences",
        verbose_name=_("crime type"),
    )
    attempted = models.BooleanField(_("attempted"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "crime_type"],
                name="cases_offence_once_per_type",
                violation_error_message=_("This crime type is already on the case."),
            )
        ]

    def __str__(self) -> str:
        suffix = f" ({_('attempted')})" if self.attempted else ""
        return f"{self.crime_type}{suffix}"


class CaseParty(CaseChild):
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("case"),
        db_index=False,
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="case_parties",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    relationship = models.CharField(
        _("relationship to the offender"),
        max_length=16,
        choices=Relationship.choices,
        blank=True,
        help_text=_("For victims of violent and sexual offences."),
    )
    is_juvenile = models.BooleanField(
        _("juvenile"), default=False, help_text=_("Under 18 on the day of the offence.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                name="cases_party_once_per_role",
                violation_error_message=_("This person already has this role on the case."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class Arrest(CaseChild):
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="arrests",
        verbose_name=_("case"),
        db_index=False,
    )
    # Looked up by the (person, arrested_on) index.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="arrests",
        verbose_name=_("person"),
        db_index=False,
    )
    arrested_on = models.DateField(_("arrested on"))
    arrested_at = models.DateTimeField(_("arrested at"), null=True, blank=True)
    arresting_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arresting unit"),
    )
    charges = models.TextField(_("charges"), blank=True)
    outcome = models.CharField(
        _("what followed"), max_length=16, choices=ArrestOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("on"), null=True, blank=True)

    class Meta:
        ordering = ["arrested_on", "pk"]
        verbose_name = _("arrest")
        verbose_name_plural = _("arrests")
        indexes = [models.Index(fields=["person", "arrested_on"], name="cases_arrest_person_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "arrested_on"],
                name="cases_arrest_once_per_day",
                violation_error_message=_("This arrest is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.arrested_on:%Y-%m-%d}"


class CaseNote(CaseChild):
    """The history of a case that the change log alone does not explain: comments of a return,
    the reason of a supplement or a correction, a transfer."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NoteKind.choices)
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case history entry")
        verbose_name_plural = _("case history")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"
