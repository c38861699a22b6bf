"""Bulk import of CSV files, the same for the command line and the UI (rule 6 of the house).

An importer declares its model, its columns (each with a parser that turns the cell's text into a
value or raises ``ValueError`` with a message a clerk understands) and its natural key. ``run``
reads the file as a stream, one row at a time, and reports every bad row with its line number,
column, value and reason.

All the rows are applied inside one transaction, each in its own savepoint, so a row may refer to
a record created earlier in the same file and a failing row does not disturb the others. At the
end the transaction is rolled back when nothing is to be kept: in a dry run (the UI's preview) and,
unless ``skip_invalid`` is given, as soon as any row was bad, so a file is imported whole or not at
all. The natural key makes a second import of the same file change nothing.
"""

from santisuk.core.imports.command import add_arguments, option_dest, run_command, summary
from santisuk.core.imports.files import RejectsWriter, TextSource, Undecodable
from santisuk.core.imports.importer import (
    CREATE,
    REJECT,
    UNCHANGED,
    UPDATE,
    Column,
    Importer,
    ImportResult,
    Row,
    RowError,
    registry,
)
from santisuk.core.imports.parsers import (
    KHMER_DIGITS,
    boolean,
    choice,
    coordinate,
    date,
    decimal,
    integer,
    lookup,
    text,
)

__all__ = [
    "CREATE",
    "KHMER_DIGITS",
    "REJECT",
    "UNCHANGED",
    "UPDATE",
    "Column",
    "ImportResult",
    "Importer",
    "RejectsWriter",
    "Row",
    "RowError",
    "TextSource",
    "Undecodable",
    "add_arguments",
    "boolean",
    "choice",
    "coordinate",
    "date",
    "decimal",
    "integer",
    "lookup",
    "option_dest",
    "registry",
    "run_command",
    "summary",
    "text",
]
