"""Forms of the elections module: intake per channel, incident actions, notices, reports."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from santisuk.core.forms import UserModelForm
from santisuk.elections.choices import (
    Channel,
    CrimeKind,
    Disposition,
    ElectionIncidentKind,
    StageCode,
    Status,
)
from santisuk.elections.models import (
    Election,
    Incident,
    IntakeReport,
    Notice,
    Party,
    PollingStation,
    Stage,
    TrustedReporter,
)
from santisuk.geo.choices import Level
from santisuk.geo.forms import AreaField
from santisuk.geo.models import Area
from santisuk.org.models import Unit

PLACE_LEVELS = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE]
SEVERITY_CHOICES = [(n, str(n)) for n in range(1, 6)]


class IntakeForm(forms.ModelForm):
    """What a call-taker, a police post or a referring partner records."""

    area = AreaField(label=_("Place"), levels=PLACE_LEVELS, required=False)
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=[("", "—"), *SEVERITY_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
    )

    class Meta:
        model = IntakeReport
        fields = [
            "election",
            "reporter_name",
            "reporter_phone",
            "text",
            "crime_kind",
            "election_kind",
            "severity",
            "area",
            "polling_station",
            "latitude",
            "longitude",
        ]

    def __init__(self, *args, channel: str = Channel.CALL, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["polling_station"].queryset = PollingStation.objects.select_related(
            "election"
        ).order_by("election", "code")

    def clean(self):
        data = super().clean()
        station = data.get("polling_station")
        if station and data.get("election") and station.election_id != data["election"].pk:
            self.add_error(
                "polling_station", _("This polling station belongs to another election.")
            )
        return data


class TipForm(forms.Form):
    """The public web tip: no login, few fields."""

    text = forms.CharField(label=_("What did you see?"), widget=forms.Textarea, max_length=4000)
    area = AreaField(label=_("Where (place code or name)"), levels=PLACE_LEVELS, required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False)


class TriageForm(forms.Form):
    severity = forms.TypedChoiceField(label=_("Severity"), choices=SEVERITY_CHOICES, coerce=int)
    crime_kind = forms.ChoiceField(label=_("Crime"), choices=CrimeKind.choices, required=False)
    election_kind = forms.ChoiceField(
        label=_("Election-specific kind"), choices=ElectionIncidentKind.choices, required=False
    )


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Status.VERIFIED, Status.VERIFIED.label),
            (Status.UNVERIFIED, Status.UNVERIFIED.label),
            (Status.FALSE, Status.FALSE.label),
        ],
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Command"), queryset=Unit.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active command may receive an incident, including one outside the user's scope
        # (a neutrality complaint goes outside the chain).
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("path")


class ResolveForm(forms.Form):
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=StageCode.choices)


class AttachForm(forms.Form):
    number = forms.CharField(label=_("Incident number"), max_length=30)


class IncidentForm(forms.ModelForm):
    area = AreaField(label=_("Place"), levels=PLACE_LEVELS)
    severity = forms.TypedChoiceField(label=_("Severity"), choices=SEVERITY_CHOICES, coerce=int)

    PARTY_FIELDS = ("complainant_party", "victim_party")

    class Meta:
        model = Incident
        fields = [
            "title",
            "description",
            "crime_kind",
            "election_kind",
            "severity",
            "area",
            "polling_station",
            "latitude",
            "longitude",
            "occurred_at",
            "stage",
            "about_security_forces",
            "concerned_unit",
            "complainant_party",
            "victim_party",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or not user.has_perm("elections.see_party_affiliation"):
            for name in self.PARTY_FIELDS:
                del self.fields[name]
        election = self.instance.election if self.instance.pk else None
        if election is not None:
            self.fields["polling_station"].queryset = PollingStation.objects.filter(
                election=election
            )
            for name in self.PARTY_FIELDS:
                if name in self.fields:
                    self.fields[name].queryset = Party.objects.filter(election=election)


class NoticeForm(forms.ModelForm):
    incidents = forms.ModelMultipleChoiceField(
        label=_("Incidents it answers"), queryset=Incident.objects.none(), required=False
    )

    class Meta:
        model = Notice
        fields = ["election", "kind", "title_en", "title_km", "body_en", "body_km", "incidents"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incidents"].queryset = Incident.objects.restrict(user, "view").order_by(
            "-occurred_at"
        )


class SitrepForm(forms.Form):
    election = forms.ModelChoiceField(label=_("Election"), queryset=Election.objects.all())
    province = forms.ModelChoiceField(
        label=_("Province (empty: national)"),
        queryset=Area.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code"),
        required=False,
    )
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea, required=False)


class NarrativeForm(forms.Form):
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea, required=False)


# Reference registries ------------------------------------------------------------------------


class ElectionForm(UserModelForm):
    class Meta:
        model = Election
        fields = [
            "slug",
            "kind",
            "name_en",
            "name_km",
            "polling_date",
            "polls_open",
            "polls_close",
            "command_unit",
        ]


class StageRecordForm(UserModelForm):
    class Meta:
        model = Stage
        fields = ["election", "code", "start_date", "end_date"]


class PollingStationForm(UserModelForm):
    commune = AreaField(label=_("Commune"), levels=[Level.COMMUNE])

    class Meta:
        model = PollingStation
        fields = ["election", "code", "name_en", "name_km", "commune", "latitude", "longitude"]


class PartyForm(UserModelForm):
    class Meta:
        model = Party
        fields = ["election", "code", "name_en", "name_km"]


class TrustedReporterForm(UserModelForm):
    class Meta:
        model = TrustedReporter
        fields = ["phone", "name", "kind", "organisation", "polling_station", "unit", "is_active"]

    def clean_phone(self):
        from santisuk.elections.services.intake import normalise_phone

        phone = normalise_phone(self.cleaned_data["phone"])
        if len(phone) < 8:
            raise forms.ValidationError(_("A phone number has at least 8 digits."))
        return phone
