"""Pass 2 of the case import for the persons file: one batch of rows at a time, its people
found (by ID card number) or created, their roles on the cases and their arrests written, with
a fixed number of queries whatever the batch size (see santisuk.cases.bulk)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from santisuk.audit.bulk_sql import insert_objects
from santisuk.audit.choices import ChangeAction
from santisuk.audit.services import changes_record_bulk
from santisuk.cases.models import Arrest, Case, CaseParty
from santisuk.cases.persons_file import PersonRow
from santisuk.cases.services import case_refresh
from santisuk.cases.services.parts import JUVENILE_AGE, _age_on
from santisuk.people.choices import CAMBODIA, IdentifierKind
from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.models.person import normal_names

if TYPE_CHECKING:
    from santisuk.cases.bulk import CaseImportRun


class PersonBatch:
    """One batch of rows of the persons file: their people found or created, their roles and
    arrests written, with a fixed number of queries whatever the batch size."""

    def __init__(self, run: CaseImportRun, rows: list[PersonRow]):
        self.run, self.rows = run, rows

    def write(self) -> None:
        st = self.run.st
        refs = {r.values["case_reference"] for r in self.rows}
        cases = {
            ref: (pk, unit_id, occurred or reported)
            for ref, pk, unit_id, reported, occurred in Case.objects.filter(
                reference__in=refs
            ).values_list("reference", "pk", "owner_unit_id", "reported_on", "occurred_on")
        }
        case_ids = [c[0] for c in cases.values()]
        by_card = self._people_by_card()
        on_case: dict[tuple, Person] = {}
        parties_known: set[tuple] = set()
        for party in CaseParty.objects.filter(case_id__in=case_ids).select_related("person"):
            parties_known.add((party.case_id, party.person_id, party.role))
            person = party.person
            on_case.setdefault(
                (party.case_id, person.family_name, person.given_name, person.name_km), person
            )
        arrests_known = set()
        if any(r.values.get("arrested_on") for r in self.rows):
            arrests_known = set(
                Arrest.objects.filter(case_id__in=case_ids).values_list(
                    "case_id", "person_id", "arrested_on"
                )
            )
        new_people: list[Person] = []
        identifiers: list[PersonIdentifier] = []
        parties: list[CaseParty] = []
        arrests: list[Arrest] = []
        seen_parties: set[tuple] = set()
        seen_arrests: set[tuple] = set()
        refresh: set[int] = set()
        recorded_ids = {st.existing[ref] for ref in refs if ref in st.existing}
        changed: set[int] = set()

        def key(person: Person) -> Any:
            return person.pk if person.pk else ("new", id(person))

        for prow in self.rows:
            v = prow.values
            case_id, unit_id, day = cases[v["case_reference"]]
            number = v.get("id_card_number")
            names = normal_names(v["family_name"], v["given_name"], v["name_km"])
            person = by_card.get(number) if number else on_case.get((case_id, *names))
            if person is None:
                birth_date, birth_year = v.get("date_of_birth") or (None, None)
                person = Person(
                    family_name=v["family_name"],
                    given_name=v["given_name"],
                    name_km=v["name_km"],
                    sex=v["sex"],
                    birth_date=birth_date,
                    birth_year=birth_year,
                    nationality=v["nationality"] or CAMBODIA,
                )
                person.normalise()
                new_people.append(person)
                if number:
                    by_card[number] = person
                    identifiers.append(
                        PersonIdentifier(
                            person=person,
                            kind=IdentifierKind.NATIONAL_ID,
                            number=number,
                            country=CAMBODIA,
                        )
                    )
                else:
                    on_case[(case_id, *names)] = person
            pkey = key(person)
            role = v["role"]
            party_key = (case_id, pkey, role)
            if party_key not in parties_known and party_key not in seen_parties:
                seen_parties.add(party_key)
                age = _age_on(person, day)
                juvenile = age is not None and age < JUVENILE_AGE
                parties.append(
                    CaseParty(case_id=case_id, person=person, role=role, is_juvenile=juvenile)
                )
                changed.add(case_id)
                if juvenile:
                    refresh.add(case_id)
            arrested = v.get("arrested_on")
            if arrested:
                arrest_key = (case_id, pkey, arrested)
                if arrest_key not in arrests_known and arrest_key not in seen_arrests:
                    seen_arrests.add(arrest_key)
                    arrests.append(
                        Arrest(
                            case_id=case_id,
                            person=person,
                            arrested_on=arrested,
                            arresting_unit_id=unit_id,
                        )
                    )
                    changed.add(case_id)
        self._save(new_people, identifiers, parties, arrests)
        changed &= recorded_ids
        by_id = {pk: ref for ref, pk in st.existing.items() if pk in changed}
        st.updated.update(by_id.values())
        for case in Case.objects.filter(pk__in=refresh | changed):
            case_refresh(case)

    def _people_by_card(self) -> dict[str, Person]:
        """The people already in the index with the batch's ID card numbers (one query), each
        followed to the record kept when it was merged into another."""
        numbers = {r.values["id_card_number"] for r in self.rows if r.values.get("id_card_number")}
        if not numbers:
            return {}
        found = {
            i.number: i.person
            for i in PersonIdentifier.objects.filter(
                kind=IdentifierKind.NATIONAL_ID, number__in=numbers
            ).select_related("person")
        }
        for number, person in found.items():
            while person.merged_into_id:
                person = Person.objects.get(pk=person.merged_into_id)
            found[number] = person
        return found

    def _save(self, people, identifiers, parties, arrests) -> None:
        run = self.run
        describe = run.describe
        for model, objects, name, text in (
            (Person, people, "people", None),
            (PersonIdentifier, identifiers, "identifiers", describe.identifier),
            (CaseParty, parties, "parties", describe.party),
            (Arrest, arrests, "arrests", None),
        ):
            if not objects:
                continue
            insert_objects(model, objects)
            changes_record_bulk(
                model=model, objects=objects, action=ChangeAction.CREATE, describe=text
            )
            run.count(name, len(objects))
