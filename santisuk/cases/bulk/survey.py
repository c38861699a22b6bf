"""The one-pass write of the case import (see ``santisuk.cases.bulk``): for files a records
system exported whole, checked as they are written.

Pass 1 reads and checks every row before pass 2 reads them all again to write them: at a million
cases the files are parsed twice, and pass 1 runs on one core while the other waits. Most large
files are clean, so the import first surveys them — only the references, crime type codes,
card numbers and arrest dates, as raw text, a tenth of the work of parsing them — and when the
files are laid out side by side (each case's people one run of rows, in the cases' order), no
reference is given twice and none is recorded yet, it writes at once: the reader processes run
pass 1's checks on each case with its people as they prepare them, and the first bad row ends
the write with ``NotClean``. The transaction is then rolled back and the import starts again
the careful way (pass 1, which reports every bad row, then pass 2): a file with a bad row costs
one read more, a clean one a read less. The same checks run either way, and what is written is
the same.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from santisuk.audit.bulk_sql import listed
from santisuk.cases.bulk.checks import CASE_BATCH, chunks
from santisuk.cases.models import Case
from santisuk.core.imports import TextSource, Undecodable
from santisuk.people.normalise import identifier_number

if TYPE_CHECKING:
    from santisuk.cases.bulk.checks import CaseChecks


def survey(run: CaseChecks, source: Any, persons: Any) -> bool:
    """Whether the files may be written at once; if so, the counts and card numbers pass 2
    takes its keys and looks up the index by are set on ``run.st`` as pass 1 would set them."""
    try:
        return _survey(run, source, persons)
    except (Undecodable, csv.Error, ValueError):
        return False  # the careful way says what is wrong with the file


def _survey(run: CaseChecks, source: Any, persons: Any) -> bool:
    position: dict[str, int] = {}  # reference → its place in the cases file
    offences = 0
    for reference, types in _cells(source, ("reference", "crime_type")):
        if not reference or reference in position:
            return False
        position[reference] = len(position)
        offences += sum(1 for code in types.split(";") if code.strip())
    st = run.st
    current, last = None, -1
    for reference, card, arrested in _cells(
        persons, ("case_reference", "id_card_number", "arrested_on")
    ):
        if reference != current:
            # A new run of people: its case comes after the last run's in the cases file (so
            # no case has two runs), or the files are not side by side.
            at = position.get(reference, -1)
            if at <= last:
                return False
            current, last = reference, at
        st.person_rows += 1
        st.arrest_rows += bool(arrested)
        if card:
            st.cards.add(identifier_number(card))
    for chunk in chunks(position, CASE_BATCH):
        if Case.objects.filter(reference__in=listed(chunk)).exists():
            return False
    st.new, st.new_offences = len(position), offences
    return True


def _cells(source: Any, names: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The named cells of each row that is not blank, stripped; the first name is required."""
    with TextSource(source) as lines:
        reader = csv.reader(lines)
        header = [name.strip().lower() for name in next(reader, [])]
        if names[0] not in header:
            raise ValueError(names[0])
        at = [header.index(name) if name in header else None for name in names]
        for record in reader:
            if any(cell.strip() for cell in record):
                yield tuple(
                    record[i].strip() if i is not None and i < len(record) else "" for i in at
                )
