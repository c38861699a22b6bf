"""``santisuk import cases CASES.csv [--persons PERSONS.csv] [--as-draft]``: existing records.

Both files are checked in full first, as streams (``santisuk.cases.bulk``): every bad row is
reported with its file, line, column and reason, and by default nothing is written when any row
is bad. Then, in one transaction, the new cases are written in batches, and the people of the
persons file with their roles and arrests. A case and its people are written, or refused,
together: a bad person row refuses its case; a person row for a case that is neither in the
cases file nor already recorded is refused on its own. The reference makes a second import of
the same files change nothing; people added to a recorded case are added to it.

Files as a records system exports them whole (each case's people after it, no reference given
twice or already recorded) are checked as they are written, in one read instead of two
(``bulk.survey``); at the first bad row the write is taken back and the import done as above.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from santisuk.audit.services import event_record
from santisuk.cases.bulk import ARREST_BEFORE_REPORT, CaseImportRun, Checked, NotClean, survey
from santisuk.cases.choices import CaseStatus, ExceptionalReason
from santisuk.cases.models import Case, CrimeType
from santisuk.cases.persons_file import PERSON_COLUMNS, past_date
from santisuk.core.imports import (
    CREATE,
    Column,
    Importer,
    ImportResult,
    RejectsWriter,
    RowError,
    choice,
    coordinate,
    text,
)
from santisuk.core.imports.importer import _Rollback
from santisuk.core.imports.reader import long_lived
from santisuk.core.scope import unit_scope_q
from santisuk.geo.models import Area
from santisuk.org.models import Unit
from santisuk.org.selectors import covering_codes

NCDD_CODE = re.compile(r"^(\d{2}|\d{4}|\d{6}|\d{8})$")


def ncdd_code(value: str) -> str:
    code = value.strip()
    if not NCDD_CODE.match(code):
        raise ValueError(_("Not a gazetteer code: 2, 4, 6 or 8 digits (e.g. 12010203)."))
    return code


def crime_types(value: str) -> list[str]:
    """One crime type code, or several separated by ";" for a case with several offences."""
    codes = [c.strip().lower() for c in value.split(";") if c.strip()]
    if not codes:
        raise ValueError(_("A value is required."))
    return codes


# --- the cases importer ---------------------------------------------------------------------------


class CaseImporter(Importer):
    name = "cases"
    label = gettext_lazy("cases")
    model = Case
    key = ("reference",)
    columns = (
        Column("reference", text(40), required=True, field=""),
        Column(
            "crime_type",
            crime_types,
            required=True,
            field="",
            help=gettext_lazy("A crime type code; several separated by “;”."),
        ),
        Column("reported_on", past_date, required=True, field=""),
        Column("occurred_on", past_date, field=""),
        Column(
            "location_code",
            ncdd_code,
            required=True,
            field="",
            help=gettext_lazy("Gazetteer code of 2, 4, 6 or 8 digits."),
        ),
        Column(
            "unit_code",
            text(40),
            field="",
            help=gettext_lazy("Empty: the most local unit covering the place."),
        ),
        Column("status", choice(CaseStatus), field="", default=CaseStatus.OPEN),
        Column("cleared_on", past_date, field=""),
        Column("exceptional_reason", choice(ExceptionalReason), field=""),
        Column("summary", text(), field=""),
        # Optional: a GPS point where the records have one (decimal degrees, WGS 84).
        Column(
            "latitude",
            coordinate(90),
            field="",
            help=gettext_lazy("Optional GPS point, decimal degrees (e.g. 11.5564)."),
        ),
        Column(
            "longitude",
            coordinate(180),
            field="",
            help=gettext_lazy("Optional GPS point, decimal degrees (e.g. 104.9282)."),
        ),
    )
    cli_options = (
        ("--persons", {"help": "PERSONS.csv: the people of the cases, with arrests"}),
        ("--as-draft", {"action": "store_true", "help": "import as drafts, not approved"}),
    )

    @classmethod
    def upload_fields(cls) -> dict[str, Any]:
        return {
            "persons": forms.FileField(
                label=_("Persons file (optional)"),
                required=False,
                help_text=_(
                    "The people of the cases, with their arrests; its columns: %(columns)s."
                )
                % {"columns": ", ".join(PERSON_COLUMNS)},
            ),
            "as_draft": forms.BooleanField(
                label=_("Import as drafts, to be approved"),
                required=False,
                help_text=_("Otherwise the cases are approved, as records from the records unit."),
            ),
        }

    def __init__(self, *, actor: Any = None):
        super().__init__(actor=actor)
        self.cases_file = "CASES.csv"
        self.persons_file = "PERSONS.csv"
        self.as_draft = False
        self._areas: dict[str, Area | None] = {}
        self._units: dict[str, Unit | None] = {}
        self._place_units: dict[str, Unit | None] = {}
        self._in_scope: dict[int, bool] = {}
        self._jurisdiction: dict[str, list[Unit]] | None = None
        self._crime_types: dict[str, CrimeType] = {}
        # True once ``preload`` has read them all: a code not found is then unknown, unasked.
        self._complete = False

    def queryset(self) -> Any:
        """The cases this user's import may name: those of their units, restricted ones too, as
        a records unit imports them (re-importing a file that holds one is "unchanged", not
        "outside your scope"). The import shows nothing of a recorded case but the rows of the
        file, and nothing of a restricted one the user may not see (``hidden``)."""
        if self.actor is None:
            return Case.objects.all()
        return Case.objects.restrict(self.actor, "change", hide_restricted=False)

    def hidden(self, ids: set[int]) -> set[int]:
        """Of these cases, the restricted ones this user may not see."""
        if self.actor is None or not ids:
            return set()
        return ids - set(
            Case.objects.restrict(self.actor, "view")
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )

    # -- entry point
    def run(
        self,
        source: Any,
        *,
        persons: Any = None,
        as_draft: bool = False,
        skip_invalid: bool = False,
        rejects: Any = None,
        dry_run: bool = False,
        progress: bool | None = None,
    ) -> ImportResult:
        self.as_draft = bool(as_draft)
        self._crime_types = {c.code: c for c in CrimeType.objects.filter(is_active=True)}
        self._header = []
        if isinstance(source, (str, Path)):
            self.cases_file = Path(source).name
        if isinstance(persons, (str, Path)):
            self.persons_file = Path(persons).name
        result = ImportResult(dry_run=dry_run, columns=[c.name for c in self.columns])
        show = sys.stderr.isatty() if progress is None else progress
        with RejectsWriter(rejects) as rejected_out, long_lived() as settle:
            work = CaseImportRun(self, result, show)
            if dry_run or not self._write_at_once(work, source, persons, settle):
                work = CaseImportRun(self, result, show)
                self._check_then_write(
                    work, source, persons, rejected_out, settle, skip_invalid, dry_run
                )
            work.finish()
        result.errors = [e if e.file else replace(e, file=self.cases_file) for e in result.errors]
        bad_people = work.st.refused or work.st.person_errors
        if persons is not None and bad_people and isinstance(rejects, (str, Path)):
            path = Path(rejects)
            target = path.with_name(f"{path.stem}-persons{path.suffix or '.csv'}")
            with RejectsWriter(target) as out:
                work.write_person_rejects(persons, out)
        return result

    def _check_then_write(
        self, work: CaseImportRun, source, persons, rejected_out, settle, skip_invalid, dry_run
    ) -> None:
        """The careful way: pass 1 checks both files whole, reporting every bad row; pass 2
        writes them when nothing is bad, or with --skip-invalid, or in a dry run."""
        result = work.result
        if isinstance(persons, (str, Path)) and not Path(persons).is_file():
            work.st.file_errors.append(
                RowError(0, "", "", _("No such file: %(path)s") % {"path": persons})
            )
        if persons is not None and not work.st.file_errors:
            work.check_persons(persons)
        if work.st.file_errors:
            result.fatal = True
            self._record_errors(result, work.st.file_errors)
        else:
            work.check_cases(source, rejected_out)
            if persons is not None and not result.fatal:
                work.check_orphans(persons)
        if not result.fatal and (dry_run or skip_invalid or result.rejected == 0):
            settle()  # what pass 1 keeps lives until the end
            self._write(work, source, persons, skip_invalid=skip_invalid, dry_run=dry_run)

    def _write_at_once(self, work: CaseImportRun, source, persons, settle) -> bool:
        """The one-pass write (``bulk.survey``) when the survey allows it: True when the files
        were imported; False (nothing written) when they must be imported the careful way."""
        files = (source, persons)
        if not all(isinstance(f, (str, Path)) and Path(f).is_file() for f in files):
            return False  # no persons file, or one the careful way reports missing
        if not survey(work, source, persons):
            return False
        settle()
        self.preload()
        try:
            self._write(work, source, persons, skip_invalid=False, dry_run=False, at_once=True)
        except NotClean:
            return False
        for row in islice(self.parse(source), self.sample_size):
            row.action = CREATE
            work.sample(row)
        return True

    def _write(
        self, work: CaseImportRun, source, persons, *, skip_invalid, dry_run, at_once=False
    ) -> None:
        result = work.result
        cache = self._big_cache()
        try:
            with transaction.atomic():
                self._check_keys_as_written()
                if at_once or (persons is not None and work.side_by_side()):
                    work.write_together(source, persons, checking=at_once)
                else:
                    work.write_cases(source)
                    if persons is not None:
                        work.write_persons(persons)
                    work.log_cases()
                keep = not dry_run and (skip_invalid or result.rejected == 0)
                if not keep:
                    raise _Rollback
                event_record(
                    name="cases.imported",
                    data={
                        "cases_file": self.cases_file,
                        "persons_file": self.persons_file if persons is not None else "",
                        "as_draft": self.as_draft,
                        "rejected": result.rejected,
                        "unchanged": len(work.st.existing) - len(work.st.updated),
                        "updated": len(work.st.updated),
                        **work.st.written,
                    },
                )
                result.committed = True
        except _Rollback:
            pass
        except IntegrityError:
            # Another user recorded one of these references between the check and the write.
            result.fatal = True
            self._record_errors(
                result,
                [
                    RowError(
                        0,
                        "",
                        "",
                        _(
                            "The database refused the import (a record changed meanwhile); "
                            "nothing was written, try again."
                        ),
                    )
                ],
            )
        finally:
            self._big_cache(cache)

    @staticmethod
    def _check_keys_as_written() -> None:
        """On PostgreSQL, the foreign keys of the rows written are checked at the end of each
        batch's statement, not all at the commit: there they took 25-50 s of a million cases'
        import on one core, the other idle; while the batches are written they share both cores
        with the readers, and the server holds no millions of pending checks in memory. A bad
        key fails the import either way, and nothing is written."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    @staticmethod
    def _big_cache(restore: int | None = None) -> int | None:
        """On SQLite, room for the indexes the import extends (the audit log's above all): at
        a million cases the default 2 MB page cache makes index inserts read the disk. The
        connection's own size comes back afterwards."""
        if connection.vendor != "sqlite":
            return None
        with connection.cursor() as cursor:
            if restore is not None:
                cursor.execute(f"PRAGMA cache_size = {int(restore)}")
                return None
            cursor.execute("PRAGMA cache_size")
            size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")
            return size

    # -- checks of one case row (pass 1)
    def check(self, values: dict[str, Any], st: Checked) -> list[RowError]:
        """Raise ``ValidationError({column: message})`` for the row's own errors; return the
        errors this case causes in the persons file."""
        errors: dict[str, str] = {}
        codes = values["crime_type"]
        unknown = [c for c in codes if c not in self._crime_types]
        if unknown:
            errors["crime_type"] = _("Unknown crime type “%(code)s”; the codes are: %(codes)s.") % {
                "code": ", ".join(unknown),
                "codes": ", ".join(self._crime_types),
            }
        elif len(set(codes)) != len(codes):
            errors["crime_type"] = _("This crime type is already on the case.")
        place = self._area(values["location_code"])
        if place is None:
            errors["location_code"] = _("No current place with this gazetteer code.")
        unit = None
        if values.get("unit_code"):
            unit = self._unit(values["unit_code"])
            if unit is None:
                errors["unit_code"] = _("No active unit with this code.")
        elif place is not None:
            unit = self._unit_for(place.code)
            if unit is None:
                errors["unit_code"] = _(
                    "No unit's jurisdiction covers this place; give the unit code."
                )
        if unit is not None and not self._may_use(unit):
            errors["unit_code"] = _("This unit is outside your scope.")
        if (values.get("latitude") is None) != (values.get("longitude") is None):
            missing = "longitude" if values.get("longitude") is None else "latitude"
            errors[missing] = _("Give both latitude and longitude, or neither.")
        reported, occurred = values["reported_on"], values.get("occurred_on")
        if occurred and occurred > reported:
            errors["occurred_on"] = _("The offence cannot occur after it was reported.")
        status = values.get("status") or CaseStatus.OPEN
        cleared_on = values.get("cleared_on")
        reason = values.get("exceptional_reason") or ""
        first_arrest = st.first_arrest.get(values["reference"])
        if status == CaseStatus.CLEARED_BY_ARREST and not first_arrest:
            errors["status"] = _(
                "A case cleared by arrest needs an arrested suspect (a suspect with arrested_on "
                "in the persons file)."
            )
        if first_arrest and status not in (CaseStatus.CLEARED_BY_ARREST, CaseStatus.UNFOUNDED):
            errors["status"] = _(
                "The persons file has an arrested suspect for this case: its status is "
                "cleared_by_arrest."
            )
        if status == CaseStatus.UNFOUNDED and first_arrest:
            errors["status"] = _("An unfounded case has no arrests.")
        if status == CaseStatus.CLEARED_EXCEPTIONALLY and not reason:
            errors["exceptional_reason"] = _("A case cleared exceptionally needs its reason.")
        if reason and status != CaseStatus.CLEARED_EXCEPTIONALLY:
            errors["exceptional_reason"] = _("Given only for a case cleared exceptionally.")
        if cleared_on and status not in (
            CaseStatus.CLEARED_BY_ARREST,
            CaseStatus.CLEARED_EXCEPTIONALLY,
        ):
            errors["cleared_on"] = _("Only a cleared case has a clearance date.")
        if cleared_on and cleared_on < reported:
            errors["cleared_on"] = _("A case is cleared on or after its report date.")
        if errors:
            raise ValidationError(errors)
        if first_arrest and first_arrest[0] < reported - ARREST_BEFORE_REPORT:
            return [
                RowError(
                    first_arrest[1],
                    "arrested_on",
                    first_arrest[0].isoformat(),
                    _("The arrest is long before the report date."),
                    self.persons_file,
                )
            ]
        return []

    def _resolved_unit(self, values: dict[str, Any]) -> Unit:
        if values.get("unit_code"):
            return self._units[values["unit_code"]]
        return self._place_units[values["location_code"]]

    # -- the reference data, read once per import: a million rows need no query each
    def _area(self, code: str) -> Area | None:
        if not self._areas and not self._complete:
            for area in (
                Area.objects.filter(valid_to__isnull=True)
                .order_by("code", "pk")
                .only("id", "code", "level", "province_id")
            ):
                self._areas.setdefault(area.code, area)
        return self._areas.get(code)

    def preload(self) -> None:
        """Every place, unit, jurisdiction and unit in the user's scope read now, for checks
        that run in reader processes (``bulk.survey``): those must not use this process's
        connection, so nothing the checks ask for may be left to a query."""
        self._area("")
        units = list(Unit.objects.filter(is_active=True))
        self._units = {unit.code: unit for unit in units}
        self._load_jurisdiction(units)
        if self.actor is not None:
            allowed = set(
                Unit.objects.filter(unit_scope_q(self.actor, "")).values_list("pk", flat=True)
            )
            self._in_scope = {unit.pk: unit.pk in allowed for unit in units}
        self._complete = True

    def _unit(self, code: str) -> Unit | None:
        if code not in self._units and not self._complete:
            self._units[code] = Unit.objects.filter(code=code, is_active=True).first()
        return self._units.get(code)

    def _load_jurisdiction(self, units: list[Unit]) -> None:
        by_pk = {unit.pk: unit for unit in units}
        self._jurisdiction = {}
        links = Unit.jurisdiction.through.objects.filter(unit_id__in=by_pk)
        for unit_id, area_code in links.values_list("unit_id", "area__code"):
            self._jurisdiction.setdefault(area_code, []).append(by_pk[unit_id])

    def _unit_for(self, code: str) -> Unit | None:
        """``org.selectors.unit_for_place`` from the jurisdictions read once: the deepest
        matching jurisdiction code wins, then the deepest unit, then the unit's path."""
        if code not in self._place_units:
            if self._jurisdiction is None:
                self._load_jurisdiction(list(Unit.objects.filter(is_active=True)))
            matches: dict[int, tuple[int, Unit]] = {}
            for covering in covering_codes(code):
                for unit in self._jurisdiction.get(covering, ()):
                    if unit.pk not in matches or matches[unit.pk][0] < len(covering):
                        matches[unit.pk] = (len(covering), unit)
            ranked = sorted(matches.values(), key=lambda m: (-m[0], -m[1].depth, m[1].path))
            self._place_units[code] = ranked[0][1] if ranked else None
        return self._place_units[code]

    def _may_use(self, unit: Unit) -> bool:
        if self.actor is None:
            return True
        if unit.pk not in self._in_scope and not self._complete:
            self._in_scope[unit.pk] = Unit.objects.filter(
                unit_scope_q(self.actor, ""), pk=unit.pk
            ).exists()
        return self._in_scope.get(unit.pk, False)
