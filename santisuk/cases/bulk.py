"""The work of the case import: check both files in a first streaming pass, then write in batches.

Pass 1 reads the persons file, then the cases file, one row at a time, and keeps only what the
checks across rows need: per case reference whether it has bad people, its earliest arrest, the
line of each case, the refused references and the recorded cases the files name. Nothing is
written, so a refused file costs one read.

Pass 2, inside the import's transaction, writes in batches. When the persons file follows the
cases file (each case's people one run of rows, in the cases' order, as a records system exports
them) both are read side by side and a batch of new cases is written with its offences, people,
ID cards, roles and arrests; otherwise the cases file is read again and its new cases written,
then the persons file and its people. The rows are parsed and prepared by a forked reader
process (``core.imports.reader``) while this one writes, and written as plain lists
(``NewRows``), not model instances. A batch looks up its known ID card numbers (and, reading the
persons file on its own, its cases and the people already on them) with one query each: no query
per row. The change log gets one entry per new case holding the case with its offences, people
and arrests (made from the rows written, or read back once both files are written), and one per
new person with their ID card. A case's derived fields (province, restriction, status,
clearance date) are those ``case_create`` and ``case_refresh`` give: a juvenile restricts the
case in its row when written side by side; otherwise, and when people are added to a recorded
case, the case goes through ``case_refresh`` itself.
"""

from __future__ import annotations

import datetime
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, islice, zip_longest
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from santisuk.audit.bulk_sql import NewRows
from santisuk.audit.choices import ChangeAction
from santisuk.audit.serialize import json_safe, snapshotter
from santisuk.audit.services import changes_record_values
from santisuk.cases.bulk_people import PERSON_COLUMNS, PersonBatch, prepared_person
from santisuk.cases.choices import CaseStatus, PartyRole, WorkflowState
from santisuk.cases.models import Arrest, Case, CaseParty, Offence
from santisuk.cases.persons_file import iter_persons
from santisuk.core.imports import CREATE, REJECT, UNCHANGED, UPDATE, ImportResult, Row, RowError
from santisuk.core.imports.reader import read_ahead
from santisuk.people.models import Person, PersonIdentifier

if TYPE_CHECKING:
    from santisuk.cases.imports import CaseImporter

CASE_BATCH = 2000
PERSON_BATCH = 4000
# Arrests more than a year before the report are refused, as ``arrest_record`` does.
ARREST_BEFORE_REPORT = datetime.timedelta(days=366)
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


def _is_path(source: Any) -> bool:
    """A file named by its path is read by a reader process; an uploaded one, here."""
    return isinstance(source, (str, Path))


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class Checked:
    """What pass 1 keeps: keys and small facts, never whole rows."""

    # Per case reference of the persons file: True when one of its rows is bad.
    persons: dict[str, bool] = field(default_factory=dict)
    # Earliest arrest per reference: (date, line in the persons file).
    first_arrest: dict[str, tuple[datetime.date, int]] = field(default_factory=dict)
    person_errors: dict[str, list[RowError]] = field(default_factory=dict)
    file_errors: list[RowError] = field(default_factory=list)
    # Whether the rows of each case are one run in the persons file.
    grouped: bool = True
    # Line of each reference of the cases file (the first, for a reference given twice).
    lines: dict[str, int] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    # Recorded cases named by either file: reference → id; updated ones after pass 2.
    existing: dict[str, int] = field(default_factory=dict)
    updated: set[str] = field(default_factory=set)
    existing_samples: list[Row] = field(default_factory=list)
    new: int = 0
    # Keys of the cases written, for their change-log entries.
    new_ids: array = field(default_factory=lambda: array("q"))
    written: dict[str, int] = field(default_factory=dict)


class CaseImportRun:
    def __init__(self, importer: CaseImporter, result: ImportResult, show: bool):
        self.imp = importer
        self.result = result
        self.show = show
        self.st = Checked()
        self.case_rows = NewRows(Case, CASE_COLUMNS)
        self.offence_rows = NewRows(Offence, ("case_id", "crime_type_id"))
        self.person_rows = NewRows(Person, PERSON_COLUMNS)
        self.identifier_rows = NewRows(PersonIdentifier, ("person_id", "kind", "number", "country"))
        self.party_rows = NewRows(CaseParty, ("case_id", "person_id", "role", "is_juvenile"))
        self.arrest_rows = NewRows(
            Arrest, ("case_id", "person_id", "arrested_on", "arresting_unit_id")
        )

    def bar(self, rows: Iterable[Any] | None, desc: str, total: int | None = None) -> Any:
        return tqdm(rows, disable=not self.show, unit=" rows", desc=desc, total=total)

    # -- pass 1 ----------------------------------------------------------------------------------
    def check_persons(self, source: Any) -> None:
        st, name = self.st, self.imp.persons_file
        last = None
        for prow in self.bar(iter_persons(source, name, st.file_errors), _("checking people")):
            ref = prow.values["case_reference"]
            if ref != last:
                st.grouped = st.grouped and ref not in st.persons
                last = ref
            bad = st.persons.get(ref, False)
            if prow.errors:
                bad = True
                st.person_errors.setdefault(ref, []).extend(prow.errors)
            st.persons[ref] = bad
            arrested = prow.values.get("arrested_on")
            if arrested and prow.values["role"] == PartyRole.SUSPECT:
                first = st.first_arrest.get(ref)
                if first is None or arrested < first[0]:
                    st.first_arrest[ref] = (arrested, prow.line)

    def check_cases(self, source: Any, rejected_out: Any) -> None:
        imp, st, result = self.imp, self.st, self.result
        pending: list[Row] = []
        for row in self.bar(imp.parse(source), _("checking cases")):
            if row.action == REJECT:  # the file itself cannot be read further
                result.fatal = True
                imp._record_errors(result, row.errors)
                continue
            ref = row.values.get("reference") or ""
            if ref and ref in st.lines:
                row.errors.append(
                    RowError(
                        row.line,
                        "reference",
                        row.raw.get("reference", ""),
                        _("The same record is already on line %(line)d.") % {"line": st.lines[ref]},
                    )
                )
            elif ref:
                st.lines[ref] = row.line
            if not row.errors:
                try:
                    row.errors.extend(imp.check(row.values, st))
                except ValidationError as exc:
                    row.errors.extend(imp._validation_errors(row, exc))
                row.errors.extend(st.person_errors.get(ref, ()))
            if row.errors:
                if ref and st.lines.get(ref) == row.line:
                    st.refused.add(ref)
                self.reject(row, rejected_out)
                continue
            pending.append(row)
            if len(pending) >= CASE_BATCH:
                self.check_recorded(pending, rejected_out)
                pending = []
        if pending:
            self.check_recorded(pending, rejected_out)

    def reject(self, row: Row, rejected_out: Any) -> None:
        row.action = REJECT
        self.result.rejected += 1
        self.imp._record_errors(self.result, row.errors)
        rejected_out.write(self.imp._header, row)
        self.sample(row)

    def sample(self, row: Row) -> None:
        samples = self.result.samples.setdefault(row.action, [])
        if len(samples) < self.imp.sample_size:
            samples.append(row)

    def check_recorded(self, rows: list[Row], rejected_out: Any) -> None:
        """Rows whose reference is already recorded: the same case (left as it is, its new
        people added) or a different one (refused)."""
        imp, st = self.imp, self.st
        found = {
            ref: (pk, reported, place)
            for ref, pk, reported, place in Case.objects.filter(
                reference__in=[r.values["reference"] for r in rows]
            ).values_list("reference", "pk", "reported_on", "place_id")
        }
        codes: dict[int, set[str]] = {}
        in_scope: set[int] = set()
        if found:
            ids = [v[0] for v in found.values()]
            for case_id, code in Offence.objects.filter(case_id__in=ids).values_list(
                "case_id", "crime_type__code"
            ):
                codes.setdefault(case_id, set()).add(code)
            in_scope = set(imp.queryset().filter(pk__in=ids).values_list("pk", flat=True))
        for row in rows:
            values, ref = row.values, row.values["reference"]
            if ref not in found:
                row.action = CREATE
                st.new += 1
                self.sample(row)
                continue
            pk, reported, place = found[ref]
            differs = []
            if pk not in in_scope:
                row.errors.append(
                    RowError(
                        row.line,
                        "reference",
                        ref,
                        _("A case with this reference exists outside your scope."),
                    )
                )
            else:
                if reported != values["reported_on"]:
                    differs.append("reported_on")
                if place != imp._area(values["location_code"]).pk:
                    differs.append("location_code")
                if codes.get(pk, set()) != set(values["crime_type"]):
                    differs.append("crime_type")
            if differs:
                message = _(
                    "A different case with this reference is already recorded "
                    "(%(fields)s differ); correct it in the case, not by import."
                ) % {"fields": ", ".join(differs)}
                row.errors.append(RowError(row.line, "reference", ref, message))
            if row.errors:
                st.refused.add(ref)
                self.reject(row, rejected_out)
                continue
            st.existing[ref] = pk
            row.action = UNCHANGED
            if len(st.existing_samples) < imp.sample_size:
                st.existing_samples.append(row)

    def check_orphans(self, persons_source: Any) -> None:
        """People of cases not in the cases file: a recorded case gets them; others are
        refused, each row with its reason."""
        imp, st = self.imp, self.st
        orphans = [ref for ref in st.persons if ref not in st.lines]
        bad: dict[str, str] = {}
        for chunk in chunks(orphans, CASE_BATCH):
            found = {
                ref: (pk, reported, status)
                for ref, pk, reported, status in imp.queryset()
                .filter(reference__in=chunk)
                .values_list("reference", "pk", "reported_on", "status")
            }
            for ref in chunk:
                if ref not in found:
                    bad[ref] = _("No case with this reference in the cases file or the records.")
                    continue
                pk, reported, status = found[ref]
                arrest = st.first_arrest.get(ref)
                if arrest and status == CaseStatus.UNFOUNDED:
                    bad[ref] = _(
                        "This case is unfounded (not a crime); reopen it before recording an "
                        "arrest."
                    )
                elif arrest and arrest[0] < reported - ARREST_BEFORE_REPORT:
                    bad[ref] = _("The arrest is long before the report date.")
                elif st.persons[ref]:
                    bad[ref] = ""
                else:
                    st.existing[ref] = pk
        if not bad:
            return
        st.refused.update(bad)
        for prow in iter_persons(persons_source, imp.persons_file, []):
            ref = prow.values["case_reference"]
            if ref not in bad:
                continue
            errors = list(prow.errors)
            if bad[ref]:
                errors.append(
                    RowError(prow.line, "case_reference", ref, bad[ref], imp.persons_file)
                )
            self.result.rejected += 1
            imp._record_errors(self.result, errors)

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

    def write_together(self, source: Any, persons: Any) -> None:
        """Pass 2 when ``side_by_side``: the people of a batch of cases are written with it, and
        the change-log entries of its cases made from what was written, with no read back."""
        batches = read_ahead(
            lambda: self.prepared_together(source, persons),
            forked=_is_path(source) and _is_path(persons),
        )
        with self.bar(None, _("writing cases and people"), self.st.new) as bar:
            for batch in batches:
                self._write_together_batch(batch)
                bar.update(len(batch))

    def prepared_together(self, source: Any, persons: Any) -> Iterator[list[tuple]]:
        """Batches of new cases as ``prepared_cases`` gives them, each with its people as
        ``prepared_persons`` does."""
        groups = groupby(
            (prepared_person(values) for values in self._person_values(persons)),
            key=itemgetter(0),
        )
        pending = next(groups, None)
        for batch in chunks(self._new_case_values(source), CASE_BATCH):
            out = []
            for values in batch:
                people: list[tuple] = []
                if pending is not None and pending[0] == values["reference"]:
                    people = list(pending[1])
                    pending = next(groups, None)
                out.append((*self._prepared_case(values), people))
            yield out
        if pending is not None:  # side_by_side() said otherwise: a bug, not a bad file
            raise RuntimeError(f"The people of case {pending[0]} are out of the cases' order.")

    def _write_together_batch(self, batch: list[tuple[tuple, list[int], list[tuple]]]) -> None:
        cases: dict[str, tuple] = {}
        people: list[tuple] = []
        for case, (prepared, _types, persons) in zip(self._add_cases(batch), batch, strict=True):
            cases[prepared[0]] = (case, prepared[1], prepared[3] or prepared[2])
            people += persons
        persons_batch = PersonBatch(self, people)
        persons_batch.write_with(cases)
        written = self.case_rows.write()
        self.count("cases", len(written))
        offences = self.offence_rows.write()
        self.count("offences", len(offences))
        persons_batch.save()
        self._log_written(
            written,
            {
                "offences": (self.offence_rows, offences),
                "people": (self.party_rows, persons_batch.written_parties),
                "arrests": (self.arrest_rows, persons_batch.written_arrests),
            },
        )

    def _log_written(self, cases: list[list], parts: dict[str, tuple[NewRows, list]]) -> None:
        """The change-log entries of new cases from their rows and the rows of their parts
        (name in ``CASE_PARTS`` → (table, rows written)): the entry ``log_cases`` reads back."""
        by_case: dict[int, dict[str, list]] = {row[0]: {} for row in cases}
        for name, model, columns in CASE_PARTS:
            table, rows = parts[name]
            case_at = table.attnames.index("case_id")
            at = [table.attnames.index(model._meta.get_field(c).attname) for c in columns]
            # In the order the model reads them back (its ordering), as ``log_cases`` has them.
            order = [0 if f == "pk" else table.attnames.index(f) for f in model._meta.ordering]
            for row in sorted(rows, key=itemgetter(*order)):
                entry = {c: json_safe(row[i]) for c, i in zip(columns, at, strict=True)}
                by_case[row[case_at]].setdefault(name, []).append(entry)
        reference = self.case_rows.attnames.index("reference")
        changes_record_values(
            model=Case,
            items=(
                (row[0], row[reference], self.case_rows.values(row) | by_case[row[0]])
                for row in cases
            ),
            action=ChangeAction.CREATE,
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
        st = self.st
        return (
            row.values
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
        as ``bulk_people.PREPARED`` (it may run in the reader process)."""
        for batch in chunks(self._person_values(source), PERSON_BATCH):
            yield [prepared_person(values) for values in batch]

    def _person_values(self, source: Any) -> Iterator[dict[str, Any]]:
        """The values of the good rows of the persons file whose case is written or recorded."""
        st = self.st
        return (
            prow.values
            for prow in iter_persons(source, self.imp.persons_file, [])
            if not prow.errors
            and prow.values["case_reference"] not in st.refused
            and (
                prow.values["case_reference"] in st.lines
                or prow.values["case_reference"] in st.existing
            )
        )

    def write_person_rejects(self, source: Any, out: Any) -> None:
        """The bad rows of the persons file, and the rows of refused cases, with reasons."""
        st, cases_file = self.st, self.imp.cases_file
        for prow in iter_persons(source, self.imp.persons_file, []):
            ref = prow.values["case_reference"]
            if not prow.errors and ref not in st.refused:
                continue
            if not prow.errors:
                line = st.lines.get(ref)
                reason = (
                    _("The case of this person was not imported (%(file)s, line %(line)d).")
                    % {"file": cases_file, "line": line}
                    if line
                    else _("No case with this reference in the cases file or the records.")
                )
                prow.errors.append(RowError(prow.line, "", "", reason, ""))
            out.write(list(prow.raw), Row(prow.line, prow.raw, errors=prow.errors))

    def finish(self) -> None:
        """Counts of recorded cases: updated when people were added to them."""
        st, result = self.st, self.result
        result.created += st.new
        for ref in st.existing:
            if ref in st.lines:
                if ref in st.updated:
                    result.updated += 1
                else:
                    result.unchanged += 1
            elif ref in st.updated:
                result.updated += 1
        for row in st.existing_samples:
            row.action = UPDATE if row.values["reference"] in st.updated else UNCHANGED
            self.sample(row)
