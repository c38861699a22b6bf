"""The persons file of a case import, read as a stream and checked row by row.

The import reads it more than once (to check, then to write), never holding it whole: at a
million cases the rows would not fit in memory comfortably.
"""

from __future__ import annotations

import csv
import datetime
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from santisuk.cases.choices import PartyRole
from santisuk.core.imports import RowError, TextSource, Undecodable
from santisuk.people.choices import CAMBODIA, Sex
from santisuk.people.normalise import identifier_number

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"\d{4}")


def iso_date(value: str) -> datetime.date:
    if not ISO_DATE.match(value.strip()):
        raise ValueError(_("Not a date; write it as YYYY-MM-DD (for example 2024-02-25)."))
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(_("No such day in the calendar.")) from None


def _not_future(day: datetime.date) -> datetime.date:
    if day > _today()[1]:
        raise ValueError(_("The date is in the future."))
    return day


def _today(memo: list[Any] = [None, None]) -> tuple[datetime.date, datetime.date]:  # noqa: B006
    """Today's and tomorrow's dates, looked up once a minute: a million rows need not ask a
    million times."""
    minute = int(time.time() // 60)
    if memo[0] != minute:
        today = datetime.date.today()
        memo[:] = [minute, (today, today + datetime.timedelta(days=1))]
    return memo[1]


def past_date(value: str) -> datetime.date:
    return _not_future(iso_date(value))


PERSON_COLUMNS = (
    "case_reference",
    "role",
    "family_name",
    "given_name",
    "name_km",
    "sex",
    "date_of_birth",
    "nationality",
    "id_card_number",
    "arrested_on",
)


@dataclass
class PersonRow:
    line: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def _birth(value: str) -> tuple[datetime.date | None, int | None]:
    value = value.strip()
    if YEAR.fullmatch(value):
        year = int(value)
        if not 1900 <= year <= _today()[0].year:
            raise ValueError(_("Not a plausible year of birth."))
        return None, year
    day = past_date(value)
    return day, day.year


def _nationality(value: str) -> str:
    value = value.strip().upper()
    if not value:
        return CAMBODIA
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(_("Write an ISO 3166 alpha-3 country code, e.g. KHM, THA, VNM."))
    return value


_ROLES = frozenset(PartyRole.values)
_SEX = {"M": Sex.MALE, "F": Sex.FEMALE, "": Sex.UNKNOWN}


def read_persons(source: Any, filename: str) -> tuple[list[PersonRow], list[RowError]]:
    """All rows of the persons file with their values and errors; file-level problems apart."""
    problems: list[RowError] = []
    rows = list(iter_persons(source, filename, problems))
    return rows, problems


def iter_persons(source: Any, filename: str, problems: list[RowError]) -> Iterator[PersonRow]:
    """The rows of the persons file one at a time with their values and errors. A problem with
    the file itself (encoding, header) is appended to ``problems`` and ends the rows."""
    with TextSource(source) as lines:
        reader = csv.reader(lines)
        try:
            header = [h.strip().lower() for h in next(reader, [])]
        except (Undecodable, csv.Error):
            problems.append(RowError(1, "", "", _("The file is not UTF-8 CSV text."), filename))
            return
        missing = [c for c in ("case_reference", "role") if c not in header]
        unknown = [h for h in header if h and h not in PERSON_COLUMNS]
        problems.extend(
            RowError(1, name, "", _("This required column is missing."), filename)
            for name in missing
        )
        problems.extend(
            RowError(
                1,
                name,
                "",
                _("Unknown column; the columns are: %(columns)s.")
                % {"columns": ", ".join(PERSON_COLUMNS)},
                filename,
            )
            for name in unknown
        )
        if problems:
            return
        last = reader.line_num
        try:
            for record in reader:
                line, last = last + 1, reader.line_num
                if not any(cell.strip() for cell in record):
                    continue
                raw = {
                    name: (record[i] if i < len(record) else "") for i, name in enumerate(header)
                }
                yield _person_row(line, raw, filename)
        except (Undecodable, csv.Error):
            problems.append(
                RowError(last + 1, "", "", _("The line cannot be read as UTF-8 CSV."), filename)
            )


def _person_row(line: int, raw: dict[str, str], filename: str) -> PersonRow:
    row = PersonRow(line, raw)

    def error(column: str, reason: str) -> None:
        row.errors.append(RowError(line, column, raw.get(column, ""), reason, filename))

    cells = {name: value.strip() for name, value in raw.items()}
    get = lambda name: cells.get(name, "")  # noqa: E731
    if not get("case_reference"):
        error("case_reference", _("A value is required."))
    row.values["case_reference"] = get("case_reference")
    role = get("role").lower()
    if role not in _ROLES:
        error(
            "role",
            _("Not one of the allowed values: %(allowed)s.")
            % {"allowed": ", ".join(PartyRole.values)},
        )
    row.values["role"] = role
    sex = get("sex").upper()
    if sex not in _SEX:
        error("sex", _("Write M, F or leave it empty."))
    row.values["sex"] = _SEX.get(sex, Sex.UNKNOWN)
    for name, parse in (("date_of_birth", _birth), ("arrested_on", past_date)):
        if value := get(name):
            try:
                row.values[name] = parse(value)
            except ValueError as exc:
                error(name, str(exc))
    try:
        row.values["nationality"] = _nationality(get("nationality"))
    except ValueError as exc:
        error("nationality", str(exc))
    for name, limit in (("family_name", 100), ("given_name", 100), ("name_km", 200)):
        value = row.values[name] = get(name)
        if len(value) > limit:
            error(name, _("At most %(limit)d characters.") % {"limit": limit})
    if not (get("family_name") or get("given_name") or get("name_km")):
        error("family_name", _("Give the name in Latin letters, in Khmer script, or both."))
    number = identifier_number(get("id_card_number"))
    if number and not (number.isascii() and number.isdigit() and len(number) == 9):
        error("id_card_number", _("A Cambodian national ID card number has 9 digits."))
    row.values["id_card_number"] = number
    if get("arrested_on") and role != PartyRole.SUSPECT:
        error(
            "arrested_on",
            _("Only a suspect is arrested; this person is a %(role)s.") % {"role": role or "?"},
        )
    return row
