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

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from santisuk.core.imports.files import RejectsWriter, TextSource, Undecodable
from santisuk.core.imports.parsers import text

CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"

# Importers that set ``name`` are listed here for ``santisuk import <name> FILE``.
registry: dict[str, type[Importer]] = {}


class _Rollback(Exception):  # internal control flow, never escapes run()
    pass


# --- declarations and results ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] = field(default_factory=text)
    required: bool = False
    # The model field the value goes to: the column's name unless given; "" for a column that
    # only the importer's own hooks use.
    field: str | None = None
    help: Any = ""
    default: Any = None

    @property
    def target(self) -> str:
        return self.name if self.field is None else self.field


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    reason: str
    # Set by importers that read more than one file, so the message names the file.
    file: str = ""

    def __str__(self) -> str:
        where = _("line %(line)d") % {"line": self.line}
        if self.file:
            where = f"{self.file}, {where}"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.reason}"


@dataclass
class Row:
    line: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    action: str = ""
    instance: Any = None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Total number of errors; ``errors`` keeps the first ``Importer.max_errors`` of them.
    error_count: int = 0
    # True when the rows were written; False after a dry run, a bad row without skip_invalid,
    # or a problem with the file itself (then ``fatal`` is True and no row was read).
    committed: bool = False
    dry_run: bool = False
    fatal: bool = False
    columns: list[str] = field(default_factory=list)
    samples: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "committed": self.committed,
            "errors": [
                {
                    "file": e.file,
                    "line": e.line,
                    "column": e.column,
                    "value": e.value,
                    "reason": e.reason,
                }
                for e in self.errors
            ],
        }


# --- the importer --------------------------------------------------------------------------------


class Importer:
    """Subclass with ``model``, ``columns`` and ``key`` (the column names of the natural key).

    Hooks to override: ``validate`` (checks across columns), ``find`` (the existing record for
    a row), ``assign`` (values onto the instance) and ``save`` (call the app's service here so
    the import follows the same rules as a form).
    """

    model: ClassVar[type[models.Model]]
    columns: ClassVar[Sequence[Column]] = ()
    key: ClassVar[Sequence[str]] = ()
    name: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    max_errors: ClassVar[int] = 10_000
    sample_size: ClassVar[int] = 100
    # Extra options of ``santisuk import <name>``: (flag, argparse keywords). Their values are
    # passed to ``run`` as keyword arguments named after the option ("--as-draft" → as_draft).
    cli_options: ClassVar[Sequence[tuple[str, dict[str, Any]]]] = ()

    @classmethod
    def upload_fields(cls) -> dict[str, Any]:
        """The same options on the upload page: form fields by ``run``'s keyword argument; a
        file field's value reaches ``run`` as the path of the stored upload."""
        return {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.name:
            registry[cls.name] = cls

    def __init__(self, *, actor: Any = None):
        self.actor = actor

    # -- permissions and hooks
    @classmethod
    def permissions(cls) -> list[str]:
        meta = cls.model._meta
        return [
            f"{meta.app_label}.add_{meta.model_name}",
            f"{meta.app_label}.change_{meta.model_name}",
        ]

    @classmethod
    def verbose_name(cls) -> str:
        return str(cls.label or cls.model._meta.verbose_name_plural)

    def queryset(self) -> Any:
        manager = self.model._default_manager
        if self.actor is not None and hasattr(manager, "restrict"):
            # A user updates only what they may change; anything else looks absent to them.
            return manager.restrict(self.actor, "change")
        return manager.all()

    def find(self, values: dict[str, Any]) -> models.Model | None:
        by_name = {c.name: c for c in self.columns}
        lookup_kwargs = {by_name[k].target: values[k] for k in self.key}
        return self.queryset().filter(**lookup_kwargs).first()

    def validate(self, values: dict[str, Any]) -> None:
        """Checks across columns; raise ``ValidationError({column: message})``."""

    def assign(self, instance: models.Model, values: dict[str, Any]) -> None:
        for column in self.columns:
            if column.target and column.name in values:
                setattr(
                    instance, column.target, self._normalise(column.target, values[column.name])
                )

    def save(self, instance: models.Model, *, created: bool) -> None:
        instance.full_clean()
        instance.save()

    # -- reading
    def parse(self, source: Any) -> Iterator[Row]:
        """Rows of the file with their parsed values and errors, one at a time. A problem with
        the file itself (encoding, header) comes as a row with ``action == REJECT`` and line 0
        or the line where reading stopped, after which nothing more is read."""
        with TextSource(source) as lines:
            reader = csv.reader(lines)
            try:
                header = next(reader, None)
            except (Undecodable, csv.Error):
                yield _fatal(1, "", _("The file is not UTF-8 CSV text."))
                return
            problems = self._check_header(header)
            if problems:
                yield from problems
                return
            names = [h.strip().lower() for h in header]  # type: ignore[union-attr]
            self._header = names
            by_name = {c.name: c for c in self.columns}
            last = reader.line_num
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except Undecodable as exc:
                    yield _fatal(exc.line, "", _("The file is not UTF-8 text from this line on."))
                    return
                except csv.Error as exc:
                    reason = _("The line cannot be read as CSV: %(error)s") % {"error": exc}
                    yield _fatal(last + 1, "", reason)
                    return
                line, last = last + 1, reader.line_num
                if not any(cell.strip() for cell in record):
                    continue
                yield self._parse_record(line, names, record, by_name)

    def _check_header(self, header: list[str] | None) -> list[Row]:
        if not header or not any(h.strip() for h in header):
            return [_fatal(1, "", _("The file is empty; the first line must name the columns."))]
        names = [h.strip().lower() for h in header]
        known = {c.name for c in self.columns}
        problems = []
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.append(_fatal(1, name, _("The column appears more than once.")))
        for name in names:
            if name and name not in known:
                problems.append(
                    _fatal(
                        1,
                        name,
                        _("Unknown column; the columns are: %(columns)s.")
                        % {"columns": ", ".join(c.name for c in self.columns)},
                    )
                )
        for column in self.columns:
            if column.required and column.name not in names:
                problems.append(_fatal(1, column.name, _("This required column is missing.")))
        return problems

    def _parse_record(self, line: int, names: list[str], record: list[str], by_name) -> Row:
        raw = {name: (record[i] if i < len(record) else "") for i, name in enumerate(names) if name}
        row = Row(line=line, raw=raw)
        if len(record) > len(names) and any(cell.strip() for cell in record[len(names) :]):
            row.errors.append(
                RowError(line, "", "", _("This line has more values than there are columns."))
            )
        for column in self.columns:
            value = raw.get(column.name, "").strip()
            if not value:
                if column.required:
                    row.errors.append(RowError(line, column.name, "", _("A value is required.")))
                elif column.name in raw or column.default is not None:
                    row.values[column.name] = column.default
                continue
            try:
                row.values[column.name] = column.parse(value)
            except ValidationError as exc:
                row.errors.append(RowError(line, column.name, value, " ".join(exc.messages)))
            except ValueError as exc:
                row.errors.append(RowError(line, column.name, value, str(exc)))
        return row

    # -- applying
    def run(
        self,
        source: Any,
        *,
        skip_invalid: bool = False,
        rejects: Any = None,
        dry_run: bool = False,
        progress: bool | None = None,
    ) -> ImportResult:
        """Import ``source`` (a path, or a text or binary file). ``rejects`` (a path or a text
        file) receives every bad row as it was read plus a ``reason`` column."""
        result = ImportResult(dry_run=dry_run, columns=[c.name for c in self.columns])
        self._header = []
        show = sys.stderr.isatty() if progress is None else progress
        with RejectsWriter(rejects) as rejected_out:
            try:
                with transaction.atomic():
                    self._apply_all(source, result, rejected_out, show)
                    keep = not result.fatal and not dry_run
                    keep = keep and (skip_invalid or result.rejected == 0)
                    if not keep:
                        raise _Rollback
                    result.committed = True
            except _Rollback:
                pass
        return result

    def _apply_all(self, source: Any, result: ImportResult, rejected_out, show: bool) -> None:
        seen: dict[tuple, int] = {}
        rows = self.parse(source)
        for row in tqdm(rows, disable=not show, unit=" rows", desc=self.verbose_name()):
            if row.action == REJECT:  # the file itself cannot be read further
                result.fatal = True
                self._record_errors(result, row.errors)
                continue
            if not row.errors:
                self._apply(row, seen)
            if row.errors:
                row.action = REJECT
                result.rejected += 1
                self._record_errors(result, row.errors)
                rejected_out.write(self._header, row)
            else:
                setattr(result, _COUNTER[row.action], getattr(result, _COUNTER[row.action]) + 1)
            samples = result.samples.setdefault(row.action, [])
            if len(samples) < self.sample_size:
                row.instance = None  # the preview shows the file's text, not live objects
                samples.append(row)

    def _record_errors(self, result: ImportResult, errors: list[RowError]) -> None:
        result.error_count += len(errors)
        room = self.max_errors - len(result.errors)
        if room > 0:
            result.errors.extend(errors[:room])

    def _apply(self, row: Row, seen: dict[tuple, int]) -> None:
        values = row.values
        key = tuple(_hashable(values.get(k)) for k in self.key)
        if key in seen:
            row.errors.append(
                RowError(
                    row.line,
                    ", ".join(self.key),
                    " ".join(row.raw.get(k, "") for k in self.key),
                    _("The same record is already on line %(line)d.") % {"line": seen[key]},
                )
            )
            return
        seen[key] = row.line
        try:
            with transaction.atomic():
                self.validate(values)
                instance = self.find(values)
                created = instance is None
                if created:
                    instance = self.model()
                elif self._unchanged(instance, values):
                    row.action = UNCHANGED
                    return
                self.assign(instance, values)
                self.save(instance, created=created)
                row.action = CREATE if created else UPDATE
        except ValidationError as exc:
            row.errors.extend(self._validation_errors(row, exc))
        except (ValueError, IntegrityError) as exc:
            reason = (
                str(exc)
                if isinstance(exc, ValueError)
                else _("The database refused this row (it conflicts with an existing record).")
            )
            row.errors.append(RowError(row.line, "", "", reason))

    def _unchanged(self, instance: models.Model, values: dict[str, Any]) -> bool:
        for column in self.columns:
            if not column.target or column.name not in values:
                continue
            value = self._normalise(column.target, values[column.name])
            try:
                model_field = instance._meta.get_field(column.target)
            except FieldDoesNotExist:  # a plain attribute the importer's hooks use
                if getattr(instance, column.target, None) != value:
                    return False
                continue
            if model_field.many_to_one or model_field.one_to_one:
                current = getattr(instance, model_field.attname)
                if current != (value.pk if isinstance(value, models.Model) else value):
                    return False
            elif getattr(instance, column.target) != value:
                return False
        return True

    def _normalise(self, target: str, value: Any) -> Any:
        if value is None:
            try:
                model_field = self.model._meta.get_field(target)
            except FieldDoesNotExist:
                return value
            if (
                isinstance(model_field, (models.CharField, models.TextField))
                and not model_field.null
            ):
                return ""
        return value

    def _validation_errors(self, row: Row, exc: ValidationError) -> list[RowError]:
        by_target = {c.target: c.name for c in self.columns if c.target}
        errors = []
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                column = by_target.get(name, "" if name == "__all__" else name)
                errors.append(
                    RowError(row.line, column, row.raw.get(column, ""), " ".join(messages))
                )
        else:
            errors.append(RowError(row.line, "", "", " ".join(exc.messages)))
        return errors


_COUNTER = {CREATE: "created", UPDATE: "updated", UNCHANGED: "unchanged"}


def _fatal(line: int, column: str, reason: str) -> Row:
    return Row(line=line, raw={}, errors=[RowError(line, column, "", reason)], action=REJECT)


def _hashable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    return value
