"""The work of the case import: ``checks`` (pass 1, and the results it reports) and ``write``
(pass 2); ``people`` writes the persons file's rows; ``survey`` lets clean files exported whole
be checked as they are written, pass 1 and pass 2 in one read.

Pass 1 reads the persons file, then the cases file, one row at a time, and keeps only what the
checks across rows need: per case reference whether it has bad people, its earliest arrest, the
line of each case, the refused references and the recorded cases the files name. Nothing is
written, so a refused file costs one read.

Pass 2, inside the import's transaction, writes in batches. When the persons file follows the
cases file (each case's people one run of rows, in the cases' order, as a records system exports
them) both are read side by side and a batch of new cases is written with its offences, people,
ID cards, roles and arrests: one forked reader parses the files, a second makes every row of the
batch whole (keys taken before it starts, change-log entries with their place in the chain,
values as the driver takes them) and this process only inserts them (``core.imports.reader``).
Otherwise the cases file is read again and its new cases written, then the persons file and its
people, a reader preparing the rows while this process writes and logs them. Rows are plain lists
(``NewRows``), not model instances. A batch looks up its known ID card numbers (reading the
persons file on its own, also its cases and the people already on them) with one query each, or
all the file's numbers are looked up before the side-by-side readers start: no query per row.
The change log gets one entry per new case holding the case with its offences, people
and arrests (made from the rows written, or read back once both files are written), and one per
new person with their ID card. A case's derived fields (province, restriction, status,
clearance date) are those ``case_create`` and ``case_refresh`` give: a juvenile restricts the
case in its row when written side by side; otherwise, and when people are added to a recorded
case, the case goes through ``case_refresh`` itself.
"""

from santisuk.cases.bulk.checks import ARREST_BEFORE_REPORT, Checked, NotClean
from santisuk.cases.bulk.survey import survey
from santisuk.cases.bulk.write import CaseImportRun

__all__ = ["ARREST_BEFORE_REPORT", "CaseImportRun", "Checked", "NotClean", "survey"]
