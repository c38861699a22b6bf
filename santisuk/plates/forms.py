"""Forms of the plates module. Saving a plate goes through the services so that a form, an
import and the API keep the same history of assignments."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from santisuk.core.forms import DateInput, UserModelForm
from santisuk.geo.forms import AreaField
from santisuk.plates.choices import Outcome
from santisuk.plates.models import (
    MisuseRule,
    Plate,
    Tariff,
    TravelOrder,
    Vehicle,
    Venue,
    VenueType,
)
from santisuk.plates.services import plate_register, plate_update, travel_order_create

MAX_PHOTO_BYTES = 8 * 1024 * 1024
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".heic")


def clean_photo(photo):
    if not photo:
        return photo
    if photo.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("The photo is larger than 8 MB."))
    if not photo.name.lower().endswith(PHOTO_TYPES):
        raise forms.ValidationError(_("Send a photo (JPEG, PNG, WebP or HEIC)."))
    return photo


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PlateForm(UserModelForm):
    class Meta:
        model = Plate
        fields = ["number", "unit", "vehicle", "officer", "status", "issued_on"]
        widgets = {"issued_on": DateInput()}

    def save(self, commit: bool = True) -> Plate:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        if self.instance.pk:
            return plate_update(plate=self.instance, actor=self.user, **data)
        return plate_register(actor=self.user, **data)


class VehicleForm(UserModelForm):
    class Meta:
        model = Vehicle
        fields = [
            "vehicle_type",
            "make",
            "model",
            "colour",
            "chassis_number",
            "engine_number",
            "engine_cc",
            "classification",
            "holding_unit",
        ]


class VenueForm(UserModelForm):
    location = AreaField(label=_("Commune"), levels=["commune", "village"])

    class Meta:
        model = Venue
        fields = [
            "name",
            "venue_type",
            "location",
            "latitude",
            "longitude",
            "radius_m",
            "is_active",
        ]


class VenueTypeForm(UserModelForm):
    class Meta:
        model = VenueType
        fields = ["code", "name_en", "name_km", "is_restricted"]


class MisuseRuleForm(UserModelForm):
    class Meta:
        model = MisuseRule
        fields = [
            "code",
            "severity",
            "is_enabled",
            "threshold",
            "window_days",
            "night_start",
            "night_end",
            "max_speed_kmh",
        ]
        widgets = {
            "night_start": forms.TimeInput(attrs={"type": "time"}),
            "night_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code names what the rule checks; an administrator tunes the rest.
            self.fields["code"].disabled = True


class TariffForm(UserModelForm):
    class Meta:
        model = Tariff
        fields = ["vehicle_type", "engine_cc_min", "engine_cc_max", "amount_khr"]


class TravelOrderForm(UserModelForm):
    province = AreaField(label=_("Province"), levels=["province"])

    class Meta:
        model = TravelOrder
        fields = ["plate", "province", "valid_from", "valid_to", "reference"]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }

    def save(self, commit: bool = True) -> TravelOrder:
        if self.instance.pk:
            return super().save(commit)
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        return travel_order_create(actor=self.user, **data)


class SightingFormBase(forms.Form):
    plate_text = forms.CharField(label=_("Plate number"), max_length=40)
    captured_at = forms.DateTimeField(
        label=_("Seen at"), widget=DateTimeLocalInput, initial=timezone.localtime
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    place_text = forms.CharField(label=_("Place"), max_length=200, required=False)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False
    )
    photo = forms.FileField(label=_("Photo"), required=False)

    def clean_photo(self):
        return clean_photo(self.cleaned_data.get("photo"))

    def clean_captured_at(self):
        value = self.cleaned_data["captured_at"]
        if value > timezone.now() + timezone.timedelta(minutes=10):
            raise forms.ValidationError(_("The time is in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return cleaned


class PatrolSightingForm(SightingFormBase):
    area = AreaField(label=_("Commune or village"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TipForm(SightingFormBase):
    note = forms.CharField(
        label=_("What did you see?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact = forms.CharField(label=_("Phone or e-mail (optional)"), max_length=100, required=False)
    # Bots fill every field; people do not see this one.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("The form could not be sent."))
        return ""


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt number"), max_length=16)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Evidence file"), required=False)

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and attachment.size > getattr(
            settings, "PLATES_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024
        ):
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return attachment


class ExplanationForm(forms.Form):
    explanation = forms.CharField(
        label=_("Holder's explanation"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    case_reference = forms.CharField(label=_("Case reference"), max_length=40, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SightingSearchForm(forms.Form):
    plate = forms.CharField(label=_("Plate"), max_length=40, required=False)
    area = AreaField(label=_("Place"), required=False)
    seen_from = forms.DateTimeField(label=_("Seen from"), widget=DateTimeLocalInput, required=False)
    seen_to = forms.DateTimeField(label=_("Seen until"), widget=DateTimeLocalInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the search"), widget=forms.Textarea(attrs={"rows": 2})
    )
    alert_number = forms.CharField(label=_("Alert number"), max_length=20, required=False)
    case_reference = forms.CharField(label=_("Case reference"), max_length=40, required=False)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("plate") or cleaned.get("area") or cleaned.get("seen_from")):
            raise forms.ValidationError(_("Search by plate, place or time."))
        if not (cleaned.get("alert_number") or cleaned.get("case_reference")):
            raise forms.ValidationError(
                _("Give the alert number or the case reference the search is for.")
            )
        if cleaned.get("reason") is not None and len(cleaned["reason"].strip()) < 10:
            self.add_error("reason", _("Explain the reason in at least 10 characters."))
        return cleaned


class VehiclePhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self):
        return clean_photo(self.cleaned_data.get("image"))
