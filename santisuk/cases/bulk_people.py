"""Pass 2 of the case import for the persons file: one batch of rows at a time, its people
found (by ID card number) or created, their roles on the cases and their arrests written, with
a fixed number of queries whatever the batch size (see santisuk.cases.bulk)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from santisuk.audit.bulk_sql import NewRows
from santisuk.audit.choices import ChangeAction
from santisuk.audit.services import changes_record_bulk, changes_record_values
from santisuk.cases.models import Arrest, Case, CaseParty
from santisuk.cases.services import case_refresh
from santisuk.cases.services.parts import JUVENILE_AGE, age_on
from santisuk.people.choices import CAMBODIA, IdentifierKind
from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.models.person import normal_names
from santisuk.people.normalise import khmer_key, latin_key

if TYPE_CHECKING:
    from santisuk.cases.bulk import CaseImportRun


PERSON_COLUMNS = (
    "family_name",
    "given_name",
    "name_km",
    "sex",
    "birth_date",
    "birth_year",
    "nationality",
    "search_name",
    "search_name_km",
)


# A row of the persons file as the writer takes it; PERSON_COLUMNS are its items 2 to 10.
PREPARED = (
    "case_reference",
    "role",
    *PERSON_COLUMNS,
    "id_card_number",
    "arrested_on",
)


def prepared_person(values: dict[str, Any]) -> tuple:
    """A good row's values as ``PREPARED``: names as stored, with their search keys."""
    family, given, khmer = normal_names(
        values["family_name"], values["given_name"], values["name_km"]
    )
    birth_date, birth_year = values.get("date_of_birth") or (None, None)
    return (
        values["case_reference"],
        values["role"],
        family,
        given,
        khmer,
        values["sex"],
        birth_date,
        birth_year,
        values["nationality"] or CAMBODIA,
        latin_key(family, given),
        khmer_key(khmer),
        values.get("id_card_number") or "",
        values.get("arrested_on"),
    )


class PersonBatch:
    """One batch of rows of the persons file: their people found or created, their roles and
    arrests written, with a fixed number of queries whatever the batch size.

    A person is their key when already in the index, or the row of a new one (``NewRows``)."""

    def __init__(self, run: CaseImportRun, rows: list[tuple]):
        self.run, self.rows = run, rows
        self.people = run.person_rows
        self.identifiers = run.identifier_rows
        self.parties = run.party_rows
        self.arrests = run.arrest_rows

    def write(self) -> None:
        st = self.run.st
        refs = {r[0] for r in self.rows}
        cases = {
            ref: (pk, unit_id, occurred or reported)
            for ref, pk, unit_id, reported, occurred in Case.objects.filter(
                reference__in=refs
            ).values_list("reference", "pk", "owner_unit_id", "reported_on", "occurred_on")
        }
        case_ids = [c[0] for c in cases.values()]
        # Someone in the index: (key, date of birth, year of birth).
        by_card = self._people_by_card()
        on_case: dict[tuple, tuple] = {}
        parties_known: set[tuple] = set()
        for case_id, role, *person in CaseParty.objects.filter(case_id__in=case_ids).values_list(
            "case_id",
            "role",
            "person_id",
            "person__birth_date",
            "person__birth_year",
            "person__family_name",
            "person__given_name",
            "person__name_km",
        ):
            parties_known.add((case_id, person[0], role))
            on_case.setdefault((case_id, *person[3:]), tuple(person[:3]))
        arrests_known = set()
        if any(r[12] for r in self.rows):
            arrests_known = set(
                Arrest.objects.filter(case_id__in=case_ids).values_list(
                    "case_id", "person_id", "arrested_on"
                )
            )
        seen: set[tuple] = set()
        refresh: set[int] = set()
        recorded_ids = {st.existing[ref] for ref in refs if ref in st.existing}
        changed: set[int] = set()
        # The parts of recorded cases, logged one entry each (a new case's entry holds them).
        recorded_parts: list[tuple[NewRows, list]] = []

        for prepared in self.rows:
            ref, role, *_, number, arrested = prepared
            case_id, unit_id, day = cases[ref]
            names = prepared[2:5]
            person = by_card.get(number) if number else on_case.get((case_id, *names))
            if person is None:
                row = self.people.add(*prepared[2:11])
                person = (row, prepared[6], prepared[7])
                if number:
                    by_card[number] = person
                    self.identifiers.add(row, IdentifierKind.NATIONAL_ID, number, CAMBODIA)
                else:
                    on_case[(case_id, *names)] = person
            key, birth_date, birth_year = person
            pkey = key if type(key) is int else id(key)
            recorded = case_id in recorded_ids
            if (case_id, pkey, role) not in parties_known and (case_id, pkey, role) not in seen:
                seen.add((case_id, pkey, role))
                age = age_on(birth_date, birth_year, day)
                juvenile = age is not None and age < JUVENILE_AGE
                party = self.parties.add(case_id, key, role, juvenile)
                if recorded:
                    recorded_parts.append((self.parties, party))
                changed.add(case_id)
                if juvenile:
                    refresh.add(case_id)
            if arrested:
                arrest_key = (case_id, pkey, arrested)
                if arrest_key not in arrests_known and arrest_key not in seen:
                    seen.add(arrest_key)
                    arrest = self.arrests.add(case_id, key, arrested, unit_id)
                    if recorded:
                        recorded_parts.append((self.arrests, arrest))
                    changed.add(case_id)
        self._save(recorded_parts)
        changed &= recorded_ids
        by_id = {pk: ref for ref, pk in st.existing.items() if pk in changed}
        st.updated.update(by_id.values())
        for case in Case.objects.filter(pk__in=refresh | changed):
            case_refresh(case)

    def _people_by_card(self) -> dict[str, tuple]:
        """The people already in the index with the batch's ID card numbers (one query), each
        followed to the record kept when it was merged into another."""
        numbers = {r[11] for r in self.rows if r[11]}
        if not numbers:
            return {}
        found = {
            i.number: i.person
            for i in PersonIdentifier.objects.filter(
                kind=IdentifierKind.NATIONAL_ID, number__in=numbers
            ).select_related("person")
        }
        people = {}
        for number, person in found.items():
            while person.merged_into_id:
                person = Person.objects.get(pk=person.merged_into_id)
            people[number] = (person.pk, person.birth_date, person.birth_year)
        return people

    def _save(self, recorded_parts: list[tuple[NewRows, list]]) -> None:
        run = self.run
        people = self.people.write()
        owner = self.identifiers.positions[0]
        identifiers = {row[owner]: row for row in self.identifiers.write()}
        run.count("people", len(people))
        run.count("identifiers", len(identifiers))
        run.count("parties", len(self.parties.write()))
        run.count("arrests", len(self.arrests.write()))
        names = self.people.positions[:3]

        def person_items():
            for row in people:
                values = self.people.values(row)
                card = identifiers.get(row[0])
                values["identifiers"] = [self.identifiers.values(card)] if card else []
                family, given, khmer = (row[i] for i in names)
                latin = f"{family} {given}".strip()
                text = " / ".join(part for part in (latin, khmer) if part) or f"#{row[0]}"
                yield row[0], text, values

        changes_record_values(model=Person, items=person_items(), action=ChangeAction.CREATE)
        for table in (self.parties, self.arrests):
            ids = [row[0] for rows, row in recorded_parts if rows is table]
            if ids:
                objects = table.model.objects.filter(pk__in=ids).select_related("person")
                changes_record_bulk(model=table.model, objects=objects, action=ChangeAction.CREATE)
