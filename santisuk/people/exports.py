"""Columns of the person index export (search results only: the index is never exported whole)."""

from django.utils.translation import gettext_lazy as _

PERSON_COLUMNS = [
    (_("Record"), lambda p: p.record_number),
    (_("Family name"), lambda p: p.family_name),
    (_("Given name"), lambda p: p.given_name),
    (_("Name (Khmer)"), lambda p: p.name_km),
    (_("Sex"), lambda p: p.get_sex_display()),
    (_("Date of birth"), lambda p: p.birth_date),
    (_("Year of birth"), lambda p: p.birth_year),
    (_("Place of birth (code)"), lambda p: p.birth_place.code if p.birth_place else ""),
    (_("Place of birth"), lambda p: p.birth_place.name_en if p.birth_place else ""),
    (_("Nationality"), lambda p: p.nationality),
    (
        _("Documents"),
        lambda p: "; ".join(f"{i.kind}:{i.country}:{i.number}" for i in p.identifiers.all()),
    ),
]
