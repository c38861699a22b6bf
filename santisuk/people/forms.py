"""Forms of the person index. The search form asks why: every search is logged with its reason."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from santisuk.core.forms import DateInput, UserModelForm
from santisuk.geo.forms import AreaField
from santisuk.people.choices import CAMBODIA, COUNTRIES, IdentifierKind
from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.services import (
    MIN_REASON_LENGTH,
    person_create,
    person_update,
)


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("In Latin letters or Khmer script, family name, given name or both."),
    )
    identifier = forms.CharField(label=_("Document number"), required=False, max_length=40)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1880, max_value=2100
    )
    reason = forms.CharField(
        label=_("Reason for this search"),
        min_length=MIN_REASON_LENGTH,
        max_length=500,
        help_text=_("Recorded in the access log with your search, e.g. a case number."),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name") or cleaned.get("identifier") or cleaned.get("birth_year")):
            raise ValidationError(
                _("Give a name, a document number or a year of birth to search the person index.")
            )
        return cleaned


class PersonForm(UserModelForm):
    nationality = forms.ChoiceField(label=_("Nationality"), choices=COUNTRIES, initial=CAMBODIA)
    birth_place = AreaField(label=_("Place of birth"), required=False)
    identifier_kind = forms.ChoiceField(
        label=_("Document"),
        choices=[("", "—"), *IdentifierKind.choices],
        required=False,
    )
    identifier_number = forms.CharField(label=_("Document number"), required=False, max_length=40)
    identifier_country = forms.ChoiceField(
        label=_("Issuing country"), choices=COUNTRIES, initial=CAMBODIA, required=False
    )

    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_name",
            "name_km",
            "sex",
            "birth_date",
            "birth_year",
            "birth_place",
            "nationality",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Documents of an existing record are added on its page, one at a time.
            for name in ("identifier_kind", "identifier_number", "identifier_country"):
                del self.fields[name]
            if self.instance.nationality not in dict(COUNTRIES):
                self.fields["nationality"].choices = [
                    *COUNTRIES,
                    (self.instance.nationality, self.instance.nationality),
                ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.merged_into_id:
            raise ValidationError(
                _("This record was merged into another one; edit the record that was kept.")
            )
        kind = cleaned.get("identifier_kind")
        number = cleaned.get("identifier_number")
        if kind and not number:
            self.add_error("identifier_number", _("Enter the document number."))
        elif number and not kind:
            self.add_error("identifier_kind", _("Choose the kind of document."))
        elif kind and number:
            identifier = PersonIdentifier(
                kind=kind, number=number, country=cleaned.get("identifier_country") or CAMBODIA
            )
            try:
                identifier.full_clean(exclude=["person"])
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    target = {"kind": "identifier_kind", "country": "identifier_country"}.get(
                        field, "identifier_number"
                    )
                    for message in messages:
                        self.add_error(target, message)
        return cleaned

    def save(self, commit: bool = True) -> Person:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        if self.instance.pk is None:
            identifiers = []
            if self.cleaned_data.get("identifier_kind"):
                identifiers.append(
                    {
                        "kind": self.cleaned_data["identifier_kind"],
                        "number": self.cleaned_data["identifier_number"],
                        "country": self.cleaned_data.get("identifier_country") or CAMBODIA,
                    }
                )
            person = person_create(identifiers=identifiers, actor=self.user, **data)
        else:
            person = person_update(person=self.instance, actor=self.user, **data)
        self.instance = person
        return person


class IdentifierForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("Issuing country"), choices=COUNTRIES, initial=CAMBODIA)

    class Meta:
        model = PersonIdentifier
        fields = ["kind", "number", "country"]


def parse_record_number(value: str) -> int | None:
    text = (value or "").strip().upper().removeprefix("P")
    return int(text) if text.isdigit() else None


class MergeProposeForm(forms.Form):
    target = forms.CharField(
        label=_("Record to keep"),
        max_length=20,
        help_text=_("The record number (e.g. P00000042) of the record this one duplicates."),
    )
    reason = forms.CharField(
        label=_("Why these are the same person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=MIN_REASON_LENGTH,
        max_length=2000,
    )

    def __init__(self, *args, source: Person, user, **kwargs):
        self.source = source
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_target(self):
        pk = parse_record_number(self.cleaned_data["target"])
        target = Person.objects.restrict(self.user, "view").filter(pk=pk).first() if pk else None
        if target is None:
            raise ValidationError(_("No record with this number."))
        if target.pk == self.source.pk:
            raise ValidationError(_("A record cannot be merged into itself."))
        if not target.is_active:
            raise ValidationError(_("This record has already been merged into another one."))
        return target
