"""Pass 1 of the case import (see ``santisuk.cases.bulk``): both files checked as streams,
keeping only keys and small facts; and the results it reports (rejected rows, counts)."""

from __future__ import annotations

import datetime
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from tqdm import tqdm

from santisuk.audit.bulk_sql import listed
from santisuk.cases.choices import CaseStatus, PartyRole
from santisuk.cases.models import Case, Offence
from santisuk.cases.persons_file import PersonRow, iter_persons
from santisuk.core.imports import CREATE, REJECT, UNCHANGED, UPDATE, ImportResult, Row, RowError

if TYPE_CHECKING:
    from santisuk.cases.imports import CaseImporter

CASE_BATCH = 2000
# Arrests more than a year before the report are refused, as ``arrest_record`` does.
ARREST_BEFORE_REPORT = datetime.timedelta(days=366)


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
    # For the keys pass 2 takes first: offences of the new cases; rows of the persons file,
    # their arrests and their ID card numbers (also to find the people already in the index).
    new_offences: int = 0
    person_rows: int = 0
    arrest_rows: int = 0
    cards: set[str] = field(default_factory=set)
    # Keys of the cases written, for their change-log entries.
    new_ids: array = field(default_factory=lambda: array("q"))
    written: dict[str, int] = field(default_factory=dict)


def earliest_arrest(
    first: tuple[datetime.date, int] | None, prow: PersonRow
) -> tuple[datetime.date, int] | None:
    """The earlier of ``first`` and this row's arrest of a suspect: (date, line)."""
    arrested = prow.values.get("arrested_on")
    suspect = arrested and prow.values["role"] == PartyRole.SUSPECT
    return (arrested, prow.line) if suspect and (first is None or arrested < first[0]) else first


class NotClean(Exception):
    """A row the one-pass write cannot take (``survey``): the import starts again the careful
    way, which says what is wrong with it."""


class CaseChecks:
    """Pass 1 and the results of an import run; ``write.CaseImportRun`` adds pass 2."""

    def __init__(self, importer: CaseImporter, result: ImportResult, show: bool):
        self.imp = importer
        self.result = result
        self.show = show
        self.st = Checked()

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
            st.person_rows += 1
            if prow.values.get("id_card_number"):
                st.cards.add(prow.values["id_card_number"])
            if prow.values.get("arrested_on"):
                st.arrest_rows += 1
                first = earliest_arrest(st.first_arrest.get(ref), prow)
                if first:
                    st.first_arrest[ref] = first

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

    def clean_case(self, row: Row, people: list[PersonRow]) -> None:
        """Pass 1's checks of one case row with its people, for the one-pass write
        (``survey``), which has made sure its reference is neither given twice nor recorded:
        ``NotClean`` at the first bad row. Its first arrest is kept for ``_prepared_case``."""
        if row.action == REJECT or row.errors or any(prow.errors for prow in people):
            raise NotClean
        first = None
        for prow in people:
            first = earliest_arrest(first, prow)
        if first:
            self.st.first_arrest[row.values["reference"]] = first
        try:
            if self.imp.check(row.values, self.st):
                raise NotClean
        except ValidationError:
            raise NotClean from None

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
                reference__in=listed([r.values["reference"] for r in rows])
            ).values_list("reference", "pk", "reported_on", "place_id")
        }
        codes: dict[int, set[str]] = {}
        in_scope: set[int] = set()
        hidden: set[int] = set()
        if found:
            ids = [v[0] for v in found.values()]
            for case_id, code in Offence.objects.filter(case_id__in=ids).values_list(
                "case_id", "crime_type__code"
            ):
                codes.setdefault(case_id, set()).add(code)
            in_scope = set(imp.queryset().filter(pk__in=ids).values_list("pk", flat=True))
            hidden = imp.hidden(in_scope)
        for row in rows:
            values, ref = row.values, row.values["reference"]
            if ref not in found:
                row.action = CREATE
                st.new += 1
                st.new_offences += len(values["crime_type"])
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
            if differs and pk in hidden:  # a restricted case: say nothing of what it holds
                message = _("A different, restricted case with this reference is already recorded.")
                row.errors.append(RowError(row.line, "reference", ref, message))
            elif differs:
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
                .filter(reference__in=listed(chunk))
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
