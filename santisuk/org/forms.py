"""Unit and officer forms. Saving goes through the services, so that the form and the API
follow the same rules (paths, scope, the transfer event)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from santisuk.core.forms import UserModelForm
from santisuk.core.scope import Scope
from santisuk.geo.forms import AreaField
from santisuk.geo.models import Area
from santisuk.org.models import Officer, Unit
from santisuk.org.services import (
    officer_create,
    officer_transfer,
    officer_update,
    unit_create,
    unit_move,
    unit_update,
)


class UnitForm(UserModelForm):
    """Jurisdiction is edited as a list of codes (works without JavaScript) plus one place
    picked with the gazetteer autocomplete, added to the list on saving."""

    jurisdiction_codes = forms.CharField(
        label=_("Jurisdiction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("NCDD codes of the places this unit answers for, separated by spaces."),
    )
    add_place = AreaField(label=_("Add a place to the jurisdiction"), required=False)

    class Meta:
        model = Unit
        fields = ["code", "name_en", "name_km", "kind", "parent", "province", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            codes = self.instance.jurisdiction.order_by("code").values_list("code", flat=True)
            self.initial["jurisdiction_codes"] = " ".join(codes)

    def clean_jurisdiction_codes(self) -> list[Area]:
        picker = AreaField(required=False)
        areas, errors = [], []
        for code in self.cleaned_data.get("jurisdiction_codes", "").replace(",", " ").split():
            try:
                areas.append(picker.clean(code))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return areas

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        user = self.user
        if self.instance.pk and parent is not None and parent.path.startswith(self.instance.path):
            self.add_error(
                "parent", _("A unit cannot be placed under itself or one of its own units.")
            )
        if (
            parent is None
            and user is not None
            and not user.is_superuser
            and user.effective_scope != Scope.NATIONAL
        ):
            self.add_error("parent", _("Choose the unit this unit belongs to."))
        areas = list(cleaned.get("jurisdiction_codes") or [])
        if cleaned.get("add_place") is not None and cleaned["add_place"] not in areas:
            areas.append(cleaned["add_place"])
        cleaned["jurisdiction"] = areas
        return cleaned

    def save(self, commit: bool = True) -> Unit:
        data = self.cleaned_data
        if self.instance.pk is None:
            unit = unit_create(
                code=data["code"],
                name_en=data["name_en"],
                name_km=data.get("name_km", ""),
                kind=data["kind"],
                parent=data.get("parent"),
                province=data.get("province"),
                jurisdiction=data.get("jurisdiction") or (),
                actor=self.user,
            )
            if not data.get("is_active", True):
                unit = unit_update(unit=unit, is_active=False, actor=self.user)
        else:
            unit = Unit.objects.get(pk=self.instance.pk)
            if unit.parent_id != (data["parent"].pk if data.get("parent") else None):
                unit = unit_move(unit=unit, new_parent=data.get("parent"), actor=self.user)
            unit = unit_update(
                unit=unit,
                code=data["code"],
                name_en=data["name_en"],
                name_km=data.get("name_km", ""),
                kind=data["kind"],
                province=data.get("province"),
                is_active=data.get("is_active", True),
                jurisdiction=data.get("jurisdiction") or (),
                actor=self.user,
            )
        self.instance = unit
        return unit


class OfficerForm(UserModelForm):
    class Meta:
        model = Officer
        fields = [
            "badge_number",
            "rank",
            "family_name",
            "given_name",
            "name_km",
            "unit",
            "user",
            "is_active",
        ]

    def save(self, commit: bool = True) -> Officer:
        data = self.cleaned_data
        if self.instance.pk is None:
            officer = officer_create(
                badge_number=data["badge_number"],
                family_name=data["family_name"],
                given_name=data["given_name"],
                name_km=data.get("name_km", ""),
                rank=data["rank"],
                unit=data["unit"],
                user=data.get("user"),
                actor=self.user,
            )
            if not data.get("is_active", True):
                officer = officer_update(officer=officer, is_active=False, actor=self.user)
        else:
            officer = Officer.objects.get(pk=self.instance.pk)
            if officer.unit_id != data["unit"].pk:
                officer = officer_transfer(officer=officer, unit=data["unit"], actor=self.user)
            officer = officer_update(
                officer=officer,
                badge_number=data["badge_number"],
                family_name=data["family_name"],
                given_name=data["given_name"],
                name_km=data.get("name_km", ""),
                rank=data["rank"],
                user=data.get("user"),
                is_active=data.get("is_active", True),
                actor=self.user,
            )
        self.instance = officer
        return officer
