from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from santisuk.cases.choices import (
    MANUAL_STATUSES,
    ArrestOutcome,
    ExceptionalReason,
    PartyRole,
    Relationship,
    WorkflowState,
)
from santisuk.cases.models import (
    Arrest,
    Case,
    CrimeType,
    FireDetails,
    Seizure,
    TrafficCrashDetails,
)
from santisuk.cases.services.workflow import CASE_FIELDS
from santisuk.core.forms import DateInput, UserModelForm
from santisuk.core.scope import unit_scope_q
from santisuk.geo.forms import AreaField
from santisuk.org.models import Unit

DATE = DateInput()
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})


def scoped_units(user):
    return Unit.objects.filter(unit_scope_q(user, ""), is_active=True).order_by("path")


class CaseForm(UserModelForm):
    """The case itself and its offences; the services do the saving (see CaseEditView)."""

    place = AreaField(label=_("Place"))
    crime_types = forms.ModelMultipleChoiceField(
        label=_("Offences"),
        queryset=CrimeType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    attempted = forms.ModelMultipleChoiceField(
        label=_("Of which attempted"),
        queryset=CrimeType.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Case
        fields = ["owner_unit", *CASE_FIELDS, "investigators"]
        widgets = {
            "reported_on": DATE,
            "occurred_on": DATE,
            "reported_at": DATETIME,
            "occurred_from": DATETIME,
            "occurred_to": DATETIME,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["owner_unit"].queryset = scoped_units(self.user)
            # A new case is most often recorded by the user's own unit.
            self.fields["owner_unit"].initial = self.user.unit_id
            self.fields["investigators"].queryset = (
                get_user_model()
                .objects.filter(is_active=True, unit__in=scoped_units(self.user))
                .select_related("unit")
            )
            # Offered as the investigator pickers of the case page offer them.
            self.fields["investigators"].label_from_instance = UserChoiceField.user_label
        if self.instance.pk:
            # Ownership changes through a transfer, and the investigators through assignment by
            # a chief or records clerk: both audited actions on the case page.
            del self.fields["owner_unit"]
            del self.fields["investigators"]
            offences = list(self.instance.offences.all())
            self.initial["crime_types"] = [o.crime_type_id for o in offences]
            self.initial["attempted"] = [o.crime_type_id for o in offences if o.attempted]

    def clean(self):
        data = super().clean()
        chosen = set(data.get("crime_types") or ())
        extra = set(data.get("attempted") or ()) - chosen
        if extra:
            self.add_error("attempted", _("Tick the offence itself too."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        attempted = {c.pk for c in data.pop("attempted", ())}
        data["offences"] = [
            {"crime_type": c, "attempted": c.pk in attempted} for c in data.pop("crime_types")
        ]
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    comments = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}))


class SupplementForm(forms.Form):
    text = forms.CharField(label=_("Supplement"), widget=forms.Textarea(attrs={"rows": 4}))


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("To unit"), queryset=Unit.objects.filter(is_active=True).order_by("path")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s.value, s.label) for s in MANUAL_STATUSES]
    )
    exceptional_reason = forms.ChoiceField(
        label=_("Reason for exceptional clearance"),
        choices=[("", "—"), *ExceptionalReason.choices],
        required=False,
    )
    cleared_on = forms.DateField(label=_("Cleared on"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Why (needed for an approved case)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PartyForm(forms.Form):
    person = forms.IntegerField(
        label=_("Person record number"),
        help_text=_("The number shown on the person's page in the person index (e.g. 42)."),
        min_value=1,
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    relationship = forms.ChoiceField(
        label=_("Relationship to the offender"), choices=Relationship.choices, required=False
    )


class ArrestForm(forms.ModelForm):
    person = forms.IntegerField(label=_("Person record number"), min_value=1)

    class Meta:
        model = Arrest
        fields = ["arrested_on", "arrested_at", "charges", "outcome", "outcome_on"]
        widgets = {"arrested_on": DATE, "arrested_at": DATETIME, "outcome_on": DATE}


class SeizureForm(forms.ModelForm):
    class Meta:
        model = Seizure
        fields = [
            "kind",
            "drug_type",
            "description",
            "quantity",
            "quantity_unit",
            "property_status",
            "value",
            "currency",
        ]


def _correction_reason(form, case: Case) -> None:
    """An approved case changes only through a correction with a reason (see ``case_correct``)."""
    if case.workflow_state == WorkflowState.APPROVED:
        form.fields["reason"] = forms.CharField(
            label=_("Reason for the correction"),
            help_text=_("This case is approved: say why the record changes."),
            widget=forms.Textarea(attrs={"rows": 2}),
        )


class CaseDetailsForm(forms.ModelForm):
    """The particulars of a fire or a traffic crash; a correction reason on an approved case."""

    def __init__(self, data=None, *, case: Case, **kwargs):
        related = self._meta.model._meta.get_field("case").related_query_name()
        instance = getattr(case, related, None)  # None until the details are first recorded
        super().__init__(data, instance=instance or self._meta.model(case=case), **kwargs)
        _correction_reason(self, case)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class FireDetailsForm(CaseDetailsForm):
    class Meta:
        model = FireDetails
        fields = [
            "cause",
            "losses",
            "loss_value",
            "saved_value",
            "currency",
            "people_rescued",
            "deaths",
            "injuries",
        ]
        widgets = {"losses": forms.Textarea(attrs={"rows": 2})}


class TrafficCrashDetailsForm(CaseDetailsForm):
    class Meta:
        model = TrafficCrashDetails
        fields = [
            "severity",
            "deaths_30_days",
            "serious_injuries",
            "minor_injuries",
            "motorcyclists",
            "car_occupants",
            "truck_occupants",
            "cyclists",
            "pedestrians",
            "helmet_use",
            "seatbelt_use",
            "cause",
        ]


class ArrestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person} — {obj.arrested_on:%Y-%m-%d}"


class ArrestOutcomeForm(forms.Form):
    arrest = ArrestChoiceField(label=_("Arrest"), queryset=Arrest.objects.none())
    outcome = forms.ChoiceField(
        label=_("What followed"), choices=ArrestOutcome.choices, required=False
    )
    outcome_on = forms.DateField(
        label=_("On"),
        required=False,
        widget=DATE,
        help_text=_("The day it happened; on or after the arrest."),
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("E.g. the court and its file number, or where the person was transferred."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, case: Case, **kwargs):
        super().__init__(data, **kwargs)
        arrests = case.arrests.select_related("person")
        self.fields["arrest"].queryset = arrests
        if len(arrests) == 1:
            self.fields["arrest"].initial = arrests[0].pk
        _correction_reason(self, case)

    def clean(self):
        # The same rules as the service (which keeps them for every caller), checked here too
        # so that every error of the form is shown at once.
        data = super().clean()
        arrest, outcome, day = data.get("arrest"), data.get("outcome"), data.get("outcome_on")
        if outcome and day is None and "outcome_on" not in self.errors:
            self.add_error("outcome_on", _("Give the day on which this followed."))
        if not outcome and day is not None:
            self.add_error(
                "outcome_on", _("A day is given only once something followed the arrest.")
            )
        if arrest is not None and day is not None and day < arrest.arrested_on:
            self.add_error(
                "outcome_on",
                _("What followed the arrest is on or after the arrest date (%(d)s).")
                % {"d": arrest.arrested_on.isoformat()},
            )
        return data


class UserChoiceField(forms.ModelChoiceField):
    @staticmethod
    def name(user) -> str:
        return user.get_full_name() or user.username

    @classmethod
    def user_label(cls, user) -> str:
        unit = f" — {user.unit.code}" if user.unit_id else ""
        return f"{cls.name(user)} ({user.username}){unit}"

    def label_from_instance(self, obj):
        return self.user_label(obj)


class InvestigatorAssignForm(forms.Form):
    investigator = UserChoiceField(
        label=_("Investigator"),
        queryset=get_user_model().objects.none(),
        help_text=_("People whose unit scope includes the case's unit, within your scope."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *, case: Case, user, **kwargs):
        from santisuk.cases.services import investigator_candidates

        super().__init__(data, **kwargs)
        self.fields["investigator"].queryset = investigator_candidates(case=case, actor=user)


class InvestigatorUnassignForm(forms.Form):
    investigator = UserChoiceField(
        label=_("Investigator"), queryset=get_user_model().objects.none()
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *, case: Case, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["investigator"].queryset = case.investigators.select_related("unit")


class RepeatOffenderForm(forms.Form):
    arrests = forms.IntegerField(label=_("At least this many arrests"), min_value=2, initial=2)
    since = forms.DateField(label=_("From"), widget=DATE)
    until = forms.DateField(label=_("Until"), widget=DATE)
