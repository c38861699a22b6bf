"""Export columns of case lists. Victims are never named in an export, whoever exports: only
their number appears. Suspects of a restricted case are not named either."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from santisuk.cases.choices import PartyRole


def _people(case, role):
    return [p for p in case.parties.all() if p.role == role]


def _names(case, role):
    if case.is_restricted:
        return _("(restricted)") if _people(case, role) else ""
    return "; ".join(str(p.person) for p in _people(case, role))


CASE_COLUMNS = [
    (_("Reference"), lambda c: c.reference),
    (_("Reported on"), lambda c: c.reported_on),
    (_("Occurred on"), lambda c: c.occurred_on),
    (_("Offences"), lambda c: "; ".join(o.crime_type.code for o in c.offences.all())),
    (_("Place code"), lambda c: c.place.code),
    (_("Place"), lambda c: c.place.name_en),
    (_("Province"), lambda c: c.province.name_en if c.province_id else ""),
    (_("Unit"), lambda c: c.owner_unit.code),
    (_("Status"), lambda c: c.get_status_display()),
    (_("Cleared on"), lambda c: c.cleared_on),
    (_("Workflow"), lambda c: c.get_workflow_state_display()),
    (_("Suspects"), lambda c: _names(c, PartyRole.SUSPECT)),
    (_("Arrests"), lambda c: len(c.arrests.all())),
    # Identities of victims are withheld in every export.
    (_("Victims (number)"), lambda c: len(_people(c, PartyRole.VICTIM))),
]

CRIME_TYPE_COLUMNS = [
    (_("Code"), lambda t: t.code),
    (_("Name (English)"), lambda t: t.name_en),
    (_("Name (Khmer)"), lambda t: t.name_km),
    (_("ICCS code"), lambda t: t.iccs_code),
    (_("Violent"), lambda t: t.is_violent),
    (_("Sexual offence"), lambda t: t.is_sexual),
    (_("Active"), lambda t: t.is_active),
]
