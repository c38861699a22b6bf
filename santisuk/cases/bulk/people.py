"""Pass 2 of the case import for the persons file: one batch of rows at a time, its people
found (by ID card number) or created, their roles on the cases and their arrests written, with
a fixed number of queries whatever the batch size (see ``santisuk.cases.bulk``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from santisuk.audit.bulk_sql import NewRows, listed
from santisuk.audit.choices import ChangeAction
from santisuk.audit.services import changes_record_bulk, changes_record_values
from santisuk.cases.bulk.checks import chunks
from santisuk.cases.models import Arrest, Case, CaseParty
from santisuk.cases.services import case_refresh
from santisuk.cases.services.parts import JUVENILE_AGE, age_on
from santisuk.people.choices import CAMBODIA, IdentifierKind
from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.models.person import normal_names
from santisuk.people.normalise import khmer_key, latin_key

if TYPE_CHECKING:
    from santisuk.cases.bulk.write import CaseImportRun


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

    A person is their key when already in the index, or the row of a new one (``NewRows``); so
    is a case when the batch is written with its new cases (``write_with``)."""

    def __init__(
        self, run: CaseImportRun, rows: list[tuple], cards: dict[str, tuple] | None = None
    ):
        self.run, self.rows = run, rows
        self.people = run.person_rows
        self.identifiers = run.identifier_rows
        self.parties = run.party_rows
        self.arrests = run.arrest_rows
        # Someone in the index: (key, date of birth, year of birth); ``cards`` when given
        # (``people_by_card`` for the whole file) also gets the people this batch creates.
        if cards is None:
            cards = people_by_card({r[11] for r in rows if r[11]})
        self.by_card = cards
        self.new_cards: list[str] = []
        # Known people on a case by (case, names), and the roles and arrests already recorded.
        self.on_case: dict[tuple, tuple] = {}
        self.parties_known: set[tuple] = set()
        self.arrests_known: set[tuple] = set()
        # Cases whose people make them restricted (a juvenile), and recorded cases changed.
        self.juvenile: dict[int, Any] = {}
        self.changed: set[int] = set()
        # The parts of recorded cases, logged one entry each (a new case's entry holds them).
        self.recorded_parts: list[tuple[NewRows, list]] = []
        self.written_parties: list[list] = []
        self.written_arrests: list[list] = []

    def write(self) -> None:
        """The rows of cases written earlier or recorded before, found by their references."""
        st = self.run.st
        refs = {r[0] for r in self.rows}
        cases = {
            ref: (pk, unit_id, occurred or reported)
            for ref, pk, unit_id, reported, occurred in Case.objects.filter(
                reference__in=listed(refs)
            ).values_list("reference", "pk", "owner_unit_id", "reported_on", "occurred_on")
        }
        self._known([c[0] for c in cases.values()])
        recorded = {st.existing[ref] for ref in refs if ref in st.existing}
        self._collect(cases, recorded)
        self.save()
        changed = self.changed & recorded
        st.updated.update(ref for ref, pk in st.existing.items() if pk in changed)
        for case in Case.objects.filter(pk__in={*self.juvenile.values(), *changed}):
            case_refresh(case)

    def write_with(self, cases: dict[str, tuple]) -> None:
        """The rows of new cases not yet written: ``cases`` maps their references to (case's
        row, unit, date of the offence); a case with a juvenile is marked restricted in its
        row, as ``case_refresh`` would. Call ``save`` once the cases are written."""
        self._collect(cases, set())
        restricted = self.run.case_rows.attnames.index("is_restricted")
        for case in self.juvenile.values():
            case[restricted] = True

    def _known(self, case_ids: list[int]) -> None:
        """The people, roles and arrests already on recorded cases."""
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
            self.parties_known.add((case_id, person[0], role))
            self.on_case.setdefault((case_id, *person[3:]), tuple(person[:3]))
        if any(r[12] for r in self.rows):
            self.arrests_known = set(
                Arrest.objects.filter(case_id__in=case_ids).values_list(
                    "case_id", "person_id", "arrested_on"
                )
            )

    def _collect(self, cases: dict[str, tuple], recorded_ids: set[int]) -> None:
        by_card, on_case = self.by_card, self.on_case
        seen: set[tuple] = set()
        for prepared in self.rows:
            ref, role, *_, number, arrested = prepared
            case, unit_id, day = cases[ref]
            # A key (int), or the row of a case or person not yet written: its identity.
            ckey = case if type(case) is int else id(case)
            names = prepared[2:5]
            person = by_card.get(number) if number else on_case.get((ckey, *names))
            if person is None:
                row = self.people.add(*prepared[2:11])
                person = (row, prepared[6], prepared[7])
                if number:
                    by_card[number] = person
                    self.new_cards.append(number)
                    self.identifiers.add(row, IdentifierKind.NATIONAL_ID, number, CAMBODIA)
                else:
                    on_case[(ckey, *names)] = person
            key, birth_date, birth_year = person
            pkey = key if type(key) is int else id(key)
            recorded = ckey in recorded_ids
            party_key = (ckey, pkey, role)
            if party_key not in self.parties_known and party_key not in seen:
                seen.add(party_key)
                age = age_on(birth_date, birth_year, day)
                juvenile = age is not None and age < JUVENILE_AGE
                party = self.parties.add(case, key, role, juvenile)
                if recorded:
                    self.recorded_parts.append((self.parties, party))
                self.changed.add(ckey)
                if juvenile:
                    self.juvenile[ckey] = case
            if arrested:
                arrest_key = (ckey, pkey, arrested)
                if arrest_key not in self.arrests_known and arrest_key not in seen:
                    seen.add(arrest_key)
                    arrest = self.arrests.add(case, key, arrested, unit_id)
                    if recorded:
                        self.recorded_parts.append((self.arrests, arrest))
                    self.changed.add(ckey)

    def settle_cards(self) -> None:
        """Once the batch's people are numbered: those it created with a card are kept by their
        keys, not their rows, for the batches after it."""
        for number in self.new_cards:
            row, birth_date, birth_year = self.by_card[number]
            self.by_card[number] = (row[0], birth_date, birth_year)
        self.new_cards = []

    def save(self) -> None:
        """Write the batch's people, ID cards, roles and arrests, and log the people (and the
        parts added to recorded cases)."""
        run = self.run
        people = self.people.write()
        identifiers = self.identifiers.write()
        run.count("people", len(people))
        run.count("identifiers", len(identifiers))
        self.written_parties = self.parties.write()
        self.written_arrests = self.arrests.write()
        run.count("parties", len(self.written_parties))
        run.count("arrests", len(self.written_arrests))
        changes_record_values(
            model=Person, items=self.person_items(people, identifiers), action=ChangeAction.CREATE
        )
        for table in (self.parties, self.arrests):
            ids = [row[0] for rows, row in self.recorded_parts if rows is table]
            if ids:
                objects = table.model.objects.filter(pk__in=ids).select_related("person")
                changes_record_bulk(model=table.model, objects=objects, action=ChangeAction.CREATE)

    def person_items(
        self, people: list[list], identifiers: list[list]
    ) -> Iterator[tuple[int, str, dict]]:
        """The change-log items (key, text, values) of the people written, with their ID cards."""
        owner = self.identifiers.positions[0]
        cards = {row[owner]: row for row in identifiers}
        names = self.people.positions[:3]
        for row in people:
            values = self.people.values(row)
            card = cards.get(row[0])
            values["identifiers"] = [self.identifiers.values(card)] if card else []
            family, given, khmer = (row[i] for i in names)
            latin = f"{family} {given}".strip()
            text = " / ".join(part for part in (latin, khmer) if part) or f"#{row[0]}"
            yield row[0], text, values


def people_by_card(numbers: Iterable[str]) -> dict[str, tuple]:
    """The people already in the index with these ID card numbers, as (key, date of birth, year
    of birth), each followed to the record kept when it was merged into another."""
    people = {}
    for chunk in chunks(numbers, 2000):
        found = {
            i.number: i.person
            for i in PersonIdentifier.objects.filter(
                kind=IdentifierKind.NATIONAL_ID, number__in=listed(chunk)
            ).select_related("person")
        }
        for number, person in found.items():
            while person.merged_into_id:
                person = Person.objects.get(pk=person.merged_into_id)
            people[number] = (person.pk, person.birth_date, person.birth_year)
    return people
