"""Pass 2 of the case import (see ``santisuk.cases.bulk``): the new cases, their offences and
people written in batches inside the import's transaction, and their change-log entries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby, zip_longest
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.bulk_sql import (
    NewRows,
    allocate_ids,
    convert_rows,
    copy_text,
    insert_rows,
)
from santisuk.audit.chain import Chain, chain_open
from santisuk.audit.choices import ChangeAction
from santisuk.audit.models import ChangeEntry
from santisuk.audit.serialize import json_safe, snapshotter
from santisuk.audit.services import change_entries, changes_record_values
from santisuk.cases.bulk.checks import CASE_BATCH, CaseChecks, NotClean, chunks
from santisuk.cases.bulk.people import (
    PERSON_COLUMNS,
    PersonBatch,
    people_by_card,
    prepared_person,
)
from santisuk.cases.choices import CaseStatus, WorkflowState
from santisuk.cases.models import Arrest, Case, CaseParty, Offence
from santisuk.cases.persons_file import PersonRow, iter_persons
from santisuk.core.imports import ImportResult, Row, RowError
from santisuk.core.imports.reader import read_ahead
from santisuk.people.models import Person, PersonIdentifier

if TYPE_CHECKING:
    from santisuk.cases.imports import CaseImporter

PERSON_BATCH = 4000


CASE_COLUMNS = (
    "reference",
    "owner_unit_id",
    "reported_on",
    "occurred_on",
    "place_id",
    "province_id",
    "latitude",
    "longitude",
    "narrative",
    "status",
    "exceptional_reason",
    "cleared_on",
    "is_restricted",
    # Set by the writer, not by the reader.
    "workflow_state",
    "approved_at",
    "approved_by_id",
    "created_by_id",
)
# The parts of a case its change-log entry holds: (key in the entry, model, fields).
CASE_PARTS = (
    ("offences", Offence, ("crime_type", "attempted")),
    ("people", CaseParty, ("person", "role", "relationship", "is_juvenile")),
    ("arrests", Arrest, ("person", "arrested_on", "arresting_unit", "outcome")),
)


@dataclass
class Taken:
    """What pass 2 takes from the database before a reader prepares its rows: keys for each
    table, the change log's chain, and the people already in the index by ID card."""

    keys: dict[type, Iterator[int]]
    chain: Chain
    cards: dict[str, tuple]


def _is_path(source: Any) -> bool:
    """A file named by its path is read by a reader process; an uploaded one, here."""
    return isinstance(source, (str, Path))


class CaseImportRun(CaseChecks):
    def __init__(self, importer: CaseImporter, result: ImportResult, show: bool):
        super().__init__(importer, result, show)
        self.case_rows = NewRows(Case, CASE_COLUMNS)
        self.offence_rows = NewRows(Offence, ("case_id", "crime_type_id"))
        self.person_rows = NewRows(Person, PERSON_COLUMNS)
        self.identifier_rows = NewRows(PersonIdentifier, ("person_id", "kind", "number", "country"))
        self.party_rows = NewRows(CaseParty, ("case_id", "person_id", "role", "is_juvenile"))
        self.arrest_rows = NewRows(
            Arrest, ("case_id", "person_id", "arrested_on", "arresting_unit_id")
        )

    # -- pass 2 ----------------------------------------------------------------------------------
    def side_by_side(self) -> bool:
        """Whether pass 2 can read both files side by side, each batch of new cases with its
        people: the people of each case are one run of rows, in the order of the cases file
        (as a records system exports them), and no row names a recorded case."""
        st = self.st
        if not st.grouped or st.existing:
            return False
        in_cases = (ref for ref in st.lines if ref in st.persons)
        in_persons = (ref for ref in st.persons if ref in st.lines)
        return all(a == b for a, b in zip_longest(in_cases, in_persons))

    def write_together(self, source: Any, persons: Any, *, checking: bool = False) -> None:
        """Pass 2 when ``side_by_side``: reader processes prepare each batch of new cases with
        their people whole (keys, times, change-log entries and their chain, the values as the
        driver takes them), from keys and the chain's end taken here first, so that this process
        only inserts them: the database's work here, the Python work there. ``checking``: the
        one-pass write (``survey``), the readers checking each case as pass 1 would."""
        taken = self._take_keys()
        forked = _is_path(source) and _is_path(persons)
        # Two readers: one parses both files, the other makes the rows from what it parses.
        batches = read_ahead(
            lambda: self.built_together(
                read_ahead(
                    lambda: self.prepared_together(source, persons, checking=checking),
                    forked=forked,
                ),
                taken,
            ),
            forked=forked,
        )
        names = {table.model: name for name, table in self._tables()}
        with self.bar(None, _("writing cases and people"), self.st.new) as bar:
            for batch in batches:
                for model, fields, rows in batch:
                    insert_rows(model, fields, rows, converted=True)
                    if model in names:
                        self.count(names[model], len(rows))
                bar.update(len(batch[0][2]))

    def _tables(self) -> list[tuple[str, NewRows]]:
        """The tables of pass 2 by their names in the counts, in the order of their keys."""
        return [
            ("cases", self.case_rows),
            ("offences", self.offence_rows),
            ("people", self.person_rows),
            ("identifiers", self.identifier_rows),
            ("parties", self.party_rows),
            ("arrests", self.arrest_rows),
        ]

    def _take_keys(self) -> Taken:
        """Keys for every row pass 2 may write (people, cards, roles and arrests counted by the
        rows of the persons file: some are never used), the change log's chain held until
        the import ends, and the people already in the index by ID card."""
        st = self.st
        most = {
            "cases": st.new,
            "offences": st.new_offences,
            "people": st.person_rows,
            "identifiers": len(st.cards),
            "parties": st.person_rows,
            "arrests": st.arrest_rows,
        }
        keys = {
            table.model: iter(allocate_ids(table.model, most[name]))
            for name, table in self._tables()
        }
        cards, st.cards = people_by_card(st.cards), set()
        return Taken(keys, chain_open(ChangeEntry), cards)

    def built_together(self, batches: Iterable[list], taken: Taken) -> Iterator[list[tuple]]:
        """Batches of rows to insert, each a list of (model, fields, rows) in the order of
        their keys: the batches of cases ``prepared_together`` gives, their offences, people,
        ID cards, roles and arrests, and the change-log entries of the people and of the cases
        (holding their parts, as ``log_cases`` reads them back). Needs no database."""
        for batch in batches:
            cases: dict[str, tuple] = {}
            people: list[tuple] = []
            for case, (prepared, _types, its_people) in zip(
                self._add_cases(batch), batch, strict=True
            ):
                cases[prepared[0]] = (case, prepared[1], prepared[3] or prepared[2])
                people += its_people
            persons_batch = PersonBatch(self, people, taken.cards)
            persons_batch.write_with(cases)
            rows = {table: table.take(taken.keys[table.model]) for _name, table in self._tables()}
            persons_batch.settle_cards()
            entries = taken.chain.seal(
                change_entries(
                    model=Person,
                    items=persons_batch.person_items(
                        rows[self.person_rows], rows[self.identifier_rows]
                    ),
                    action=ChangeAction.CREATE,
                )
            )
            entries += taken.chain.seal(
                change_entries(
                    model=Case,
                    items=self._case_items(rows),
                    action=ChangeAction.CREATE,
                )
            )
            out = []
            for table, values in rows.items():
                convert_rows(table.fields, values)
                out.append((table.model, table.fields, copy_text(values)))
            out.append((ChangeEntry, taken.chain.fields, copy_text(entries)))
            yield out

    def prepared_together(
        self, source: Any, persons: Any, *, checking: bool = False
    ) -> Iterator[list[tuple]]:
        """Batches of new cases as ``prepared_cases`` gives them, each with its people as
        ``prepared_persons`` does; ``checking``: every row of both files, each case checked
        with its people (``clean_case``), ``NotClean`` at the first bad one."""
        problems: list[RowError] = []
        if checking:
            people = iter_persons(persons, self.imp.persons_file, problems)
            cases = self.imp.parse(source)
        else:
            people = self._person_rows(persons)
            cases = self._new_case_rows(source)
        groups = groupby(people, key=lambda prow: prow.values["case_reference"])
        pending = next(groups, None)
        for batch in chunks(cases, CASE_BATCH):
            out = []
            for row in batch:
                its_people: list[PersonRow] = []
                if pending is not None and pending[0] == row.values.get("reference"):
                    its_people = list(pending[1])
                    pending = next(groups, None)
                if checking:
                    self.clean_case(row, its_people)
                out.append(
                    (
                        *self._prepared_case(row.values),
                        [prepared_person(prow.values) for prow in its_people],
                    )
                )
                if checking:  # kept by ``clean_case`` for this case only
                    self.st.first_arrest.pop(row.values["reference"], None)
            yield out
        if checking and (pending is not None or problems):  # the files changed since the survey
            raise NotClean
        if pending is not None:  # side_by_side() said otherwise: a bug, not a bad file
            raise RuntimeError(f"The people of case {pending[0]} are out of the cases' order.")

    def _case_items(self, rows: dict[NewRows, list]) -> Iterator[tuple[int, str, dict]]:
        """The change-log items of a batch's new cases from the rows made of each table: the
        entry ``log_cases`` reads back."""
        cases = rows[self.case_rows]
        tables = {table.model: table for table in rows}
        by_case: dict[int, dict[str, list]] = {row[0]: {} for row in cases}
        for name, model, columns in CASE_PARTS:
            table = tables[model]
            case_at = table.attnames.index("case_id")
            at = [table.attnames.index(model._meta.get_field(c).attname) for c in columns]
            # In the order the model reads them back (its ordering), as ``log_cases`` has them.
            order = [0 if f == "pk" else table.attnames.index(f) for f in model._meta.ordering]
            for row in sorted(rows[table], key=itemgetter(*order)):
                entry = {c: json_safe(row[i]) for c, i in zip(columns, at, strict=True)}
                by_case[row[case_at]].setdefault(name, []).append(entry)
        reference = self.case_rows.attnames.index("reference")
        return (
            (row[0], row[reference], self.case_rows.values(row) | by_case[row[0]]) for row in cases
        )

    def write_cases(self, source: Any) -> None:
        batches = read_ahead(lambda: self.prepared_cases(source), forked=_is_path(source))
        with self.bar(None, _("writing cases"), self.st.new) as bar:
            for batch in batches:
                self._write_case_batch(batch)
                bar.update(len(batch))

    def prepared_cases(self, source: Any) -> Iterator[list[tuple]]:
        """Batches of the cases to write, each case as its values of the prepared columns and
        the keys of its crime types: the work on a row that needs no database (it may run in
        the reader process)."""
        for batch in chunks(self._new_case_values(source), CASE_BATCH):
            yield [self._prepared_case(values) for values in batch]

    def _new_case_values(self, source: Any) -> Iterator[dict[str, Any]]:
        """The values of the good rows of the cases file that are new cases."""
        return (row.values for row in self._new_case_rows(source))

    def _new_case_rows(self, source: Any) -> Iterator[Row]:
        st = self.st
        return (
            row
            for row in self.imp.parse(source)
            if not row.errors
            and st.lines.get(row.values["reference"]) == row.line
            and row.values["reference"] not in st.refused
            and row.values["reference"] not in st.existing
        )

    def _prepared_case(self, values: dict[str, Any]) -> tuple[tuple, list[int]]:
        imp = self.imp
        place = imp._area(values["location_code"])
        crime_types = [imp._crime_types[c] for c in values["crime_type"]]
        status = values.get("status") or CaseStatus.OPEN
        cleared_on = values.get("cleared_on")
        if status == CaseStatus.CLEARED_BY_ARREST and cleared_on is None:
            cleared_on = self.st.first_arrest[values["reference"]][0]
        prepared = (
            values["reference"],
            imp._resolved_unit(values).pk,
            values["reported_on"],
            values.get("occurred_on"),
            place.pk,
            place.pk if place.level == "province" else place.province_id,
            values.get("latitude"),
            values.get("longitude"),
            values.get("summary") or "",
            status,
            values.get("exceptional_reason") or "",
            cleared_on,
            any(t.is_restricted for t in crime_types),
        )
        return prepared, [t.pk for t in crime_types]

    def _add_cases(self, batch: list[tuple]) -> list[list[Any]]:
        """The rows of a batch's new cases and their offences, to write; the cases' rows are
        returned. The columns the writer sets: approved by the importer, now."""
        actor_id = getattr(self.imp.actor, "pk", None)
        if self.imp.as_draft:
            tail = (WorkflowState.DRAFT, None, None, actor_id)
        else:
            tail = (WorkflowState.APPROVED, timezone.now(), actor_id, actor_id)
        rows = []
        for prepared, crime_types, *_people in batch:
            case = self.case_rows.add(*prepared, *tail)
            for crime_type in crime_types:
                self.offence_rows.add(case, crime_type)
            rows.append(case)
        return rows

    def _write_case_batch(self, batch: list[tuple[tuple, list[int]]]) -> None:
        self._add_cases(batch)
        written = self.case_rows.write()
        self.st.new_ids.extend(case[0] for case in written)
        self.count("cases", len(written))
        self.count("offences", len(self.offence_rows.write()))

    def log_cases(self) -> None:
        """One change-log entry per new case, holding the case as written with its offences,
        people and arrests: read back in batches once both files are written, so the entry is
        the record as stored (the change log of one case, not of each of its rows)."""
        fields = [f.attname for f in Case._meta.concrete_fields]
        snap = snapshotter(Case, fields)
        reference = fields.index("reference")
        for ids in chunks(self.st.new_ids, CASE_BATCH):
            # A batch's keys are one run of numbers, but on PostgreSQL another user's case may
            # have taken one between them: ranges to query, the keys to keep.
            parts: dict[int, dict[str, list]] = {pk: {} for pk in ids}
            span = (min(ids), max(ids))
            for name, model, columns in CASE_PARTS:
                for case_id, *values in model.objects.filter(
                    case_id__gte=span[0], case_id__lte=span[1]
                ).values_list("case_id", *columns):
                    if case_id in parts:
                        entry = dict(zip(columns, map(json_safe, values), strict=True))
                        parts[case_id].setdefault(name, []).append(entry)
            cases = Case.objects.filter(pk__range=span).values_list(*fields)
            changes_record_values(
                model=Case,
                items=(
                    (row[0], row[reference], snap(row) | parts[row[0]])
                    for row in cases
                    if row[0] in parts
                ),
                action=ChangeAction.CREATE,
            )

    def count(self, name: str, n: int) -> None:
        self.st.written[name] = self.st.written.get(name, 0) + n

    def write_persons(self, source: Any) -> None:
        batches = read_ahead(lambda: self.prepared_persons(source), forked=_is_path(source))
        with self.bar(None, _("writing people")) as bar:
            for batch in batches:
                PersonBatch(self, batch).write()
                bar.update(len(batch))

    def prepared_persons(self, source: Any) -> Iterator[list[tuple]]:
        """Batches of the good rows of the persons file whose case is written or recorded, each
        as ``people.PREPARED`` (it may run in the reader process)."""
        for batch in chunks(self._person_values(source), PERSON_BATCH):
            yield [prepared_person(values) for values in batch]

    def _person_values(self, source: Any) -> Iterator[dict[str, Any]]:
        """The values of the good rows of the persons file whose case is written or recorded."""
        return (prow.values for prow in self._person_rows(source))

    def _person_rows(self, source: Any) -> Iterator[PersonRow]:
        st = self.st
        return (
            prow
            for prow in iter_persons(source, self.imp.persons_file, [])
            if not prow.errors
            and prow.values["case_reference"] not in st.refused
            and (
                prow.values["case_reference"] in st.lines
                or prow.values["case_reference"] in st.existing
            )
        )
