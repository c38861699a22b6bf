"""``santisuk import cases CASES.csv [--persons PERSONS.csv] [--as-draft]``: existing records.

The cases file goes through the common importer (one row per case, idempotent by reference).
The persons file is read first, checked row by row and grouped by case reference; each case row
then brings its people and arrests with it, so a case and its people are written, or refused,
together. A bad person row refuses its case; a person row for a case that is neither in the
cases file nor already recorded is refused on its own. Errors name the file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from santisuk.cases.choices import CaseStatus, ExceptionalReason, PartyRole, WorkflowState
from santisuk.cases.models import Case, CaseParty, CrimeType
from santisuk.cases.persons_file import PERSON_COLUMNS, PersonRow, past_date, read_persons
from santisuk.cases.services import (
    arrest_record,
    case_create,
    case_party_add,
    case_refresh,
)
from santisuk.core.imports import (
    Column,
    Importer,
    RejectsWriter,
    Row,
    RowError,
    choice,
    text,
)
from santisuk.core.scope import unit_scope_q
from santisuk.geo.models import Area
from santisuk.org.models import Unit
from santisuk.org.selectors import unit_for_place
from santisuk.people.choices import IdentifierKind
from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.services import person_create

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
    )
    cli_options = (
        ("--persons", {"help": "PERSONS.csv: the people of the cases, with arrests"}),
        ("--as-draft", {"action": "store_true", "help": "import as drafts, not approved"}),
    )

    def __init__(self, *, actor: Any = None):
        super().__init__(actor=actor)
        self.persons: dict[str, list[PersonRow]] = {}
        self.cases_file = "CASES.csv"
        self.persons_file = "PERSONS.csv"
        self.as_draft = False
        self._areas: dict[str, Area | None] = {}
        self._units: dict[str, Unit | None] = {}
        self._place_units: dict[str, Unit | None] = {}
        self._crime_types = {}

    # -- entry point
    def run(self, source: Any, *, persons: Any = None, as_draft: bool = False, **kwargs: Any):
        self.as_draft = bool(as_draft)
        self._crime_types = {c.code: c for c in CrimeType.objects.filter(is_active=True)}
        if isinstance(source, (str, Path)):
            self.cases_file = Path(source).name
        self.persons, self._orphans, self._file_errors = {}, [], []
        if persons is not None:
            if isinstance(persons, (str, Path)):
                self.persons_file = Path(persons).name
                if not Path(persons).is_file():
                    raise_missing = RowError(
                        0, "", "", _("No such file: %(path)s") % {"path": persons}
                    )
                    self._file_errors.append(raise_missing)
            if not self._file_errors:
                rows, self._file_errors = read_persons(persons, self.persons_file)
                for row in rows:
                    self.persons.setdefault(row.values["case_reference"], []).append(row)
        self._persons_rejects = kwargs.get("rejects")
        self._bad_persons: list[PersonRow] = []
        self._references: set[str] = set()
        result = super().run(source, **kwargs)
        result.errors = [e if e.file else replace(e, file=self.cases_file) for e in result.errors]
        if self._bad_persons and isinstance(self._persons_rejects, (str, Path)):
            path = Path(self._persons_rejects)
            target = path.with_name(f"{path.stem}-persons{path.suffix or '.csv'}")
            with RejectsWriter(target) as out:
                for prow in self._bad_persons:
                    out.write(list(PERSON_COLUMNS), Row(prow.line, prow.raw, errors=prow.errors))
        return result

    def _apply_all(self, source, result, rejected_out, show) -> None:
        if self._file_errors:
            result.fatal = True
            self._record_errors(result, self._file_errors)
            return
        super()._apply_all(source, result, rejected_out, show)
        # Person rows of cases not in the cases file: recorded cases get them; others are refused.
        for reference, rows in self.persons.items():
            if reference in self._references:
                continue
            case = self.queryset().filter(reference=reference).first()
            errors = [e for r in rows for e in r.errors]
            if case is None:
                errors += [
                    RowError(
                        r.line,
                        "case_reference",
                        reference,
                        _("No case with this reference in the cases file or the records."),
                        self.persons_file,
                    )
                    for r in rows
                ]
            if not errors:
                try:
                    changed = self._apply_persons(case, rows)
                except (ValidationError, ValueError) as exc:
                    errors = [self._person_error(rows[0], exc)]
                else:
                    result.updated += 1 if changed else 0
            if errors:
                result.rejected += len(rows)
                self._record_errors(result, errors)
                self._bad_persons.extend(rows)

    # -- a case row
    def _apply(self, row: Row, seen: dict) -> None:
        reference = row.values.get("reference", "")
        self._references.add(reference)
        prows = self.persons.get(reference, [])
        person_errors = [e for p in prows for e in p.errors]
        if person_errors:
            row.errors.extend(person_errors)
            self._bad_persons.extend(p for p in prows if p.errors)
            return
        super()._apply(row, seen)

    def validate(self, values: dict[str, Any]) -> None:
        errors: dict[str, str] = {}
        self._resolved = {}
        codes = values["crime_type"]
        unknown = [c for c in codes if c not in self._crime_types]
        if unknown:
            errors["crime_type"] = _("Unknown crime type “%(code)s”; the codes are: %(codes)s.") % {
                "code": ", ".join(unknown),
                "codes": ", ".join(self._crime_types),
            }
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
        if (
            unit is not None
            and self.actor is not None
            and not Unit.objects.filter(unit_scope_q(self.actor, ""), pk=unit.pk).exists()
        ):
            errors["unit_code"] = _("This unit is outside your scope.")
        reported, occurred = values["reported_on"], values.get("occurred_on")
        if occurred and occurred > reported:
            errors["occurred_on"] = _("The offence cannot occur after it was reported.")
        status = values.get("status") or CaseStatus.OPEN
        cleared_on = values.get("cleared_on")
        reason = values.get("exceptional_reason") or ""
        arrested = [
            p
            for p in self.persons.get(values["reference"], [])
            if p.values.get("arrested_on") and p.values.get("role") == PartyRole.SUSPECT
        ]
        if status == CaseStatus.CLEARED_BY_ARREST and not arrested:
            errors["status"] = _(
                "A case cleared by arrest needs an arrested suspect (a suspect with arrested_on "
                "in the persons file)."
            )
        if arrested and status not in (CaseStatus.CLEARED_BY_ARREST, CaseStatus.UNFOUNDED):
            errors["status"] = _(
                "The persons file has an arrested suspect for this case: its status is "
                "cleared_by_arrest."
            )
        if status == CaseStatus.UNFOUNDED and arrested:
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
        self._resolved = {"place": place, "unit": unit}

    def find(self, values: dict[str, Any]) -> Case | None:
        existing = Case.objects.filter(reference=values["reference"]).first()
        if existing is not None and not self.queryset().filter(pk=existing.pk).exists():
            raise ValidationError(
                {"reference": _("A case with this reference exists outside your scope.")}
            )
        return existing

    def _unchanged(self, instance: Case, values: dict[str, Any]) -> bool:
        if self._case_differs(instance, values):
            raise ValidationError(
                {
                    "reference": _(
                        "A different case with this reference is already recorded "
                        "(%(fields)s differ); correct it in the case, not by import."
                    )
                    % {"fields": ", ".join(self._case_differs(instance, values))}
                }
            )
        return not self._apply_persons(instance, self.persons.get(instance.reference, []), True)

    def _case_differs(self, case: Case, values: dict[str, Any]) -> list[str]:
        differs = []
        if case.reported_on != values["reported_on"]:
            differs.append("reported_on")
        if case.place_id != self._resolved["place"].pk:
            differs.append("location_code")
        codes = set(case.offences.values_list("crime_type__code", flat=True))
        if codes != set(values["crime_type"]):
            differs.append("crime_type")
        return differs

    def assign(self, instance: Case, values: dict[str, Any]) -> None:
        self._values = values

    def save(self, instance: Case, *, created: bool) -> None:
        values = self._values
        if created:
            instance = case_create(
                reference=values["reference"],
                owner_unit=self._resolved["unit"],
                reported_on=values["reported_on"],
                occurred_on=values.get("occurred_on"),
                place=self._resolved["place"],
                offences=[{"crime_type": self._crime_types[c]} for c in values["crime_type"]],
                status=values.get("status") or CaseStatus.OPEN,
                exceptional_reason=values.get("exceptional_reason") or "",
                cleared_on=values.get("cleared_on"),
                narrative=values.get("summary") or "",
                workflow_state=WorkflowState.DRAFT if self.as_draft else WorkflowState.APPROVED,
                actor=self.actor,
            )
        try:
            self._apply_persons(instance, self.persons.get(values["reference"], []))
        except (ValidationError, ValueError) as exc:
            first = self.persons[values["reference"]][0]
            raise ValueError(str(self._person_error(first, exc))) from None
        if created and values.get("cleared_on"):
            # The clearance date of the file is kept over the first arrest's date.
            instance.cleared_on = values["cleared_on"]
            instance.save(update_fields=["cleared_on", "updated_at"])

    # -- people of a case
    def _apply_persons(self, case: Case, rows: list[PersonRow], dry: bool = False) -> bool:
        """Link or create each person and record arrests; with ``dry`` only tell whether
        anything would change."""
        changed = False
        for prow in rows:
            v = prow.values
            person = self._person_for(case, v, create=not dry)
            if person is None:
                if dry:
                    return True
                continue
            party = CaseParty.objects.filter(case=case, person=person, role=v["role"]).exists()
            if not party:
                if dry:
                    return True
                case_party_add(case=case, person=person, role=v["role"], actor=None)
                changed = True
            if v.get("arrested_on"):
                arrested = case.arrests.filter(person=person, arrested_on=v["arrested_on"])
                if not arrested.exists():
                    if dry:
                        return True
                    arrest_record(
                        case=case, person=person, arrested_on=v["arrested_on"], actor=None
                    )
                    changed = True
        if changed:
            case_refresh(case)
        return changed

    def _person_for(self, case: Case, v: dict[str, Any], *, create: bool) -> Person | None:
        if v.get("id_card_number"):
            identifier = (
                PersonIdentifier.objects.select_related("person")
                .filter(kind=IdentifierKind.NATIONAL_ID, number=v["id_card_number"])
                .first()
            )
            if identifier is not None:
                person = identifier.person
                while person.merged_into_id:
                    person = person.merged_into
                return person
        else:
            # Without an ID card a person is the same one only on the same case (a re-import).
            person = Person.objects.filter(
                case_parties__case=case,
                family_name=" ".join(v["family_name"].split()).upper(),
                given_name=" ".join(v["given_name"].split()).upper(),
                name_km=" ".join(v["name_km"].split()),
            ).first()
            if person is not None:
                return person
        if not create:
            return None
        birth_date, birth_year = v.get("date_of_birth") or (None, None)
        return person_create(
            family_name=v["family_name"],
            given_name=v["given_name"],
            name_km=v["name_km"],
            sex=v["sex"],
            birth_date=birth_date,
            birth_year=birth_year,
            nationality=v["nationality"],
            identifiers=(
                [{"kind": IdentifierKind.NATIONAL_ID, "number": v["id_card_number"]}]
                if v.get("id_card_number")
                else []
            ),
        )

    def _person_error(self, prow: PersonRow, exc: Exception) -> RowError:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return RowError(prow.line, "", "", " ".join(messages), self.persons_file)

    # -- caches
    def _area(self, code: str) -> Area | None:
        if code not in self._areas:
            self._areas[code] = Area.objects.filter(code=code, valid_to__isnull=True).first()
        return self._areas[code]

    def _unit(self, code: str) -> Unit | None:
        if code not in self._units:
            self._units[code] = Unit.objects.filter(code=code, is_active=True).first()
        return self._units[code]

    def _unit_for(self, code: str) -> Unit | None:
        if code not in self._place_units:
            self._place_units[code] = unit_for_place(code)
        return self._place_units[code]
