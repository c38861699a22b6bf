"""Reference data of the cases module, and how case links follow a person merge."""

from __future__ import annotations

from santisuk.cases.crime_types import CRIME_TYPES
from santisuk.cases.models import Arrest, CaseParty, CrimeType


def crime_types_load() -> list[str]:
    """Create the national crime types that are missing; an administrator's edits of existing
    ones are kept, so running it again changes nothing."""
    existing = set(CrimeType.objects.values_list("code", flat=True))
    created = []
    for order, row in enumerate(CRIME_TYPES, 1):
        code, name_en, name_km, iccs, violent, sexual, restricted, incident = row
        if code in existing:
            continue
        crime_type = CrimeType(
            code=code,
            name_en=name_en,
            name_km=name_km,
            iccs_code=iccs,
            is_violent=violent,
            is_sexual=sexual,
            is_restricted=restricted,
            is_incident=incident,
            sort_order=order * 10,
        )
        crime_type.full_clean()
        crime_type.save()
        created.append(code)
    return [f"crime types: {len(created)} created, {len(CRIME_TYPES) - len(created)} kept"]


# --- person merges: case links follow the kept record ------------------------------------------


def person_links_merge(source, target, snapshot: dict) -> None:
    """Move the source person's case roles and arrests to the kept person. A role the kept
    person already has on the same case is removed (and remembered, to come back on reversal)."""
    moved: dict[str, list] = {"parties": [], "arrests": [], "dropped_parties": []}
    for party in CaseParty.objects.select_for_update().filter(person=source).order_by("pk"):
        duplicate = CaseParty.objects.filter(
            case_id=party.case_id, person=target, role=party.role
        ).exists()
        if duplicate:
            moved["dropped_parties"].append(
                {
                    "case": party.case_id,
                    "role": party.role,
                    "relationship": party.relationship,
                    "is_juvenile": party.is_juvenile,
                    "notes": party.notes,
                }
            )
            party.delete()
            continue
        party.person = target
        party.save(update_fields=["person", "updated_at"])
        moved["parties"].append(party.pk)
    for arrest in Arrest.objects.select_for_update().filter(person=source).order_by("pk"):
        arrest.person = target
        arrest.save(update_fields=["person", "updated_at"])
        moved["arrests"].append(arrest.pk)
    snapshot["cases"] = moved


def person_links_unmerge(source, target, snapshot: dict) -> None:
    moved = snapshot.get("cases") or {}
    for party in CaseParty.objects.filter(pk__in=moved.get("parties", []), person=target):
        party.person = source
        party.save(update_fields=["person", "updated_at"])
    for arrest in Arrest.objects.filter(pk__in=moved.get("arrests", []), person=target):
        arrest.person = source
        arrest.save(update_fields=["person", "updated_at"])
    for data in moved.get("dropped_parties", []):
        CaseParty.objects.create(
            case_id=data["case"],
            person=source,
            role=data["role"],
            relationship=data.get("relationship", ""),
            is_juvenile=data.get("is_juvenile", False),
            notes=data.get("notes", ""),
        )
