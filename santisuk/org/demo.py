"""The demo organisation: ministry, general commissariat, a commissariat per province, district
inspectorates, commune posts and national departments, with officers and one demo user per
persona role (``santisuk demo_data``). Every step skips what already exists, so running it again
adds nothing."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from santisuk.geo.choices import Kind, Level
from santisuk.geo.models import Area
from santisuk.org.choices import Rank, UnitKind
from santisuk.org.models import Officer, Unit
from santisuk.org.services import officer_create, unit_create
from santisuk.people.choices import Sex
from santisuk.people.demo import khmer_name

# Short codes of the capital and provinces by NCDD code; unit codes are built from them
# (PP, PP-01 for Khan Chamkar Mon, PP-01-01 for its first sangkat).
PROVINCE_CODES = {
    "01": "BMC", "02": "BTB", "03": "KCM", "04": "KCN", "05": "KSP", "06": "KTM", "07": "KPT",
    "08": "KDL", "09": "KKG", "10": "KRT", "11": "MDK", "12": "PP", "13": "PVH", "14": "PVG",
    "15": "PST", "16": "RTK", "17": "SR", "18": "SHV", "19": "STG", "20": "SVR", "21": "TKO",
    "22": "OMC", "23": "KEP", "24": "PLN", "25": "TBK",
}  # fmt: skip
# Provinces whose districts get an inspectorate in the demo, and whose communes get a post.
DISTRICT_PROVINCES = ("12", "17", "18", "02", "21")
COMMUNE_PROVINCES = ("12", "17")

MINISTRY = "MOI"
GENERAL_COMMISSARIAT = "GCNP"

KHMER_DISTRICT_PREFIX = {Kind.KHAN: "ខណ្ឌ", Kind.KRONG: "ក្រុង", Kind.SROK: "ស្រុក"}
KHMER_COMMUNE_PREFIX = {Kind.SANGKAT: "សង្កាត់", Kind.KHUM: "ឃុំ"}


def province_code(area: Area) -> str:
    return PROVINCE_CODES.get(area.code, f"P{area.code}")


@dataclass
class Structure:
    ministry: Unit
    general: Unit
    provinces: dict[str, Unit]  # by NCDD province code
    districts: dict[str, Unit]  # by NCDD district code
    created: list[Unit]


def _get_or_create(code: str, created: list[Unit], **kwargs) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = unit_create(code=code, **kwargs)
        created.append(unit)
    return unit


def build_units(progress: Callable[[Iterable], Iterable] = iter) -> Structure:
    created: list[Unit] = []
    ministry = _get_or_create(
        MINISTRY, created, name_en="Ministry of Interior", name_km="ក្រសួងមហាផ្ទៃ",
        kind=UnitKind.MINISTRY,
    )  # fmt: skip
    general = _get_or_create(
        GENERAL_COMMISSARIAT,
        created,
        name_en="General Commissariat of National Police",
        name_km="អគ្គស្នងការដ្ឋាននគរបាលជាតិ",
        kind=UnitKind.GENERAL_COMMISSARIAT,
        parent=ministry,
    )
    _get_or_create(
        "IMM",
        created,
        name_en="General Department of Immigration",
        name_km="អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍",
        kind=UnitKind.IMMIGRATION,
        parent=general,
    )
    _get_or_create(
        "IDD",
        created,
        name_en="General Department of Identification",
        name_km="អគ្គនាយកដ្ឋានអត្តសញ្ញាណកម្ម",
        kind=UnitKind.IDENTIFICATION,
        parent=ministry,
    )
    _get_or_create(
        "ESC",
        created,
        name_en="Permanent Security Command for Elections",
        name_km="បញ្ជាការដ្ឋានសន្តិសុខការបោះឆ្នោតអចិន្ត្រៃយ៍",
        kind=UnitKind.ELECTION_COMMAND,
        parent=ministry,
    )
    current = Area.objects.filter(valid_to__isnull=True).order_by("code")
    provinces: dict[str, Unit] = {}
    for area in current.filter(level=Level.PROVINCE):
        capital = area.kind == Kind.CAPITAL
        level = "Municipal" if capital else "Provincial"
        provinces[area.code] = _get_or_create(
            province_code(area),
            created,
            name_en=f"{area.name_en} {level} Police Commissariat",
            name_km=f"ស្នងការដ្ឋាននគរបាល{'' if capital else 'ខេត្ត'}{area.name_km}",
            kind=UnitKind.PROVINCIAL_COMMISSARIAT,
            parent=general,
            province=area,
            jurisdiction=[area],
        )
    districts: dict[str, Unit] = {}
    district_areas = current.filter(level=Level.DISTRICT, province__code__in=DISTRICT_PROVINCES)
    for area in progress(list(district_areas)):
        parent = provinces.get(area.code[:2])
        if parent is None:
            continue
        districts[area.code] = _get_or_create(
            f"{parent.code}-{area.code[2:]}",
            created,
            name_en=f"{area.name_en} District Police Inspectorate",
            name_km=f"អធិការដ្ឋាននគរបាល{KHMER_DISTRICT_PREFIX.get(area.kind, '')}{area.name_km}",
            kind=UnitKind.DISTRICT_INSPECTORATE,
            parent=parent,
            jurisdiction=[area],
        )
    commune_areas = current.filter(level=Level.COMMUNE, province__code__in=COMMUNE_PROVINCES)
    for area in progress(list(commune_areas)):
        parent = districts.get(area.code[:4])
        if parent is None:
            continue
        _get_or_create(
            f"{parent.code}-{area.code[4:]}",
            created,
            name_en=f"{area.name_en} Administrative Police Post",
            name_km=f"ប៉ុស្តិ៍នគរបាលរដ្ឋបាល{KHMER_COMMUNE_PREFIX.get(area.kind, '')}{area.name_km}",
            kind=UnitKind.COMMUNE_POST,
            parent=parent,
            jurisdiction=[area],
        )
    return Structure(ministry, general, provinces, districts, created)


# The rank of the officer in charge of each kind of unit.
COMMANDER_RANK = {
    UnitKind.MINISTRY: Rank.GENERAL,
    UnitKind.GENERAL_COMMISSARIAT: Rank.GENERAL,
    UnitKind.PROVINCIAL_COMMISSARIAT: Rank.MAJOR_GENERAL,
    UnitKind.DISTRICT_INSPECTORATE: Rank.COLONEL,
    UnitKind.COMMUNE_POST: Rank.MAJOR,
    UnitKind.IMMIGRATION: Rank.LIEUTENANT_GENERAL,
    UnitKind.IDENTIFICATION: Rank.LIEUTENANT_GENERAL,
    UnitKind.ELECTION_COMMAND: Rank.LIEUTENANT_GENERAL,
}
STAFF_RANKS = [Rank.CONSTABLE, Rank.SERGEANT, Rank.SUB_LIEUTENANT, Rank.LIEUTENANT, Rank.CAPTAIN]


class BadgeNumbers:
    """Badge numbers "NP" + 6 digits, drawn without repetition for a seed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used = set(Officer.objects.values_list("badge_number", flat=True))

    def next(self) -> str:
        while True:
            badge = f"NP{self.rng.randrange(100000, 1000000)}"
            if badge not in self.used:
                self.used.add(badge)
                return badge


def officer_for(
    rng: random.Random, badges: BadgeNumbers, unit: Unit, rank: str, user=None, sex=None
) -> Officer:
    sex = sex or (Sex.FEMALE if rng.random() < 0.15 else Sex.MALE)
    family, given, family_km, given_km = khmer_name(rng, sex)
    return officer_create(
        badge_number=badges.next(),
        family_name=family,
        given_name=given,
        name_km=f"{family_km} {given_km}",
        rank=rank,
        unit=unit,
        user=user,
    )


def staff_units(units: Iterable[Unit], rng: random.Random, badges: BadgeNumbers) -> int:
    """A commander for each new unit, and a few officers in inspectorates and posts."""
    count = 0
    for unit in units:
        officer_for(rng, badges, unit, COMMANDER_RANK.get(unit.kind, Rank.COLONEL))
        count += 1
        extra = {UnitKind.DISTRICT_INSPECTORATE: 2, UnitKind.COMMUNE_POST: 1}.get(unit.kind, 0)
        for _ in range(extra):
            officer_for(rng, badges, unit, rng.choice(STAFF_RANKS))
            count += 1
    return count
