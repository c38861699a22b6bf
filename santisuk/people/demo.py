"""Believable, deterministic demo people for the person index (``santisuk demo_data``).

Names are common Cambodian family and given names with their Khmer spelling; a few records are
second entries of the same person under another romanisation (SOPHEAK / SOPHEA, POV / PAO), as
happens when two posts register one person, so that the merge workflow has work to show.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from santisuk.people.choices import CAMBODIA, IdentifierKind, Sex

# (Latin, Khmer, weight): the most common family names come first and more often.
FAMILY_NAMES: list[tuple[str, str, int]] = [
    ("SOK", "សុខ", 10),
    ("CHAN", "ចាន់", 8),
    ("KIM", "គីម", 6),
    ("LIM", "លីម", 6),
    ("HENG", "ហេង", 6),
    ("MEAS", "មាស", 5),
    ("PICH", "ពេជ្រ", 4),
    ("SENG", "សេង", 5),
    ("KEO", "កែវ", 6),
    ("NOV", "នៅ", 3),
    ("OUK", "អ៊ុក", 3),
    ("PHAN", "ផាន", 3),
    ("SAO", "សៅ", 3),
    ("TEP", "ទេព", 3),
    ("VONG", "វង្ស", 3),
    ("CHEA", "ជា", 5),
    ("LY", "លី", 5),
    ("TAN", "តាន់", 3),
    ("YIM", "យឹម", 2),
    ("SUON", "សួន", 2),
    ("PEN", "ប៉ែន", 2),
    ("UNG", "អ៊ឹង", 2),
    ("SAM", "សំ", 3),
    ("MAO", "ម៉ៅ", 2),
    ("SIM", "ស៊ឹម", 2),
    ("KHIEU", "ខៀវ", 2),
    ("CHHIM", "ឈឹម", 2),
    ("LONG", "ឡុង", 2),
    ("PRAK", "ប្រាក់", 3),
    ("SUN", "ស៊ុន", 2),
    ("HUN", "ហ៊ុន", 2),
    ("OUM", "អ៊ុំ", 2),
    ("THACH", "ថាច់", 2),
    ("EANG", "អៀង", 2),
    ("CHHAY", "ឆាយ", 2),
    ("TOUCH", "ទូច", 2),
]

MALE_NAMES: list[tuple[str, str]] = [
    ("DARA", "ដារា"),
    ("SOPHAL", "សុផល"),
    ("VIBOL", "វិបុល"),
    ("VISAL", "វិសាល"),
    ("RITHY", "រិទ្ធី"),
    ("PISETH", "ពិសិដ្ឋ"),
    ("VANNAK", "វណ្ណៈ"),
    ("SAMNANG", "សំណាង"),
    ("BORA", "បូរ៉ា"),
    ("KOSAL", "កុសល"),
    ("RATHA", "រដ្ឋា"),
    ("VUTHY", "វុទ្ធី"),
    ("SAMBATH", "សម្បត្តិ"),
    ("SOVANN", "សុវណ្ណ"),
    ("PHEAKDEY", "ភក្ដី"),
    ("MAKARA", "មករា"),
    ("VEASNA", "វាសនា"),
    ("CHANDARA", "ចាន់ដារ៉ា"),
    ("PANHA", "បញ្ញា"),
    ("VIREAK", "វីរៈ"),
    ("SOCHEAT", "សុជាតិ"),
    ("THEARA", "ធារ៉ា"),
    ("NARITH", "នរិទ្ធ"),
    ("SOPHORN", "សុផន"),
    ("RATANA", "រតនា"),
    ("KIMHOUR", "គីមហួរ"),
    ("SOKHA", "សុខា"),
    ("PISAL", "ពិសាល"),
    ("POV", "ពៅ"),
]

FEMALE_NAMES: list[tuple[str, str]] = [
    ("SOPHEA", "សុភា"),
    ("SOPHEAK", "សុភ័ក្រ"),
    ("SREYMOM", "ស្រីមុំ"),
    ("SREYNEANG", "ស្រីនាង"),
    ("CHANTREA", "ចន្ទ្រា"),
    ("BOPHA", "បុប្ផា"),
    ("SOKUNTHEA", "សុគន្ធា"),
    ("DALIN", "ដាលីន"),
    ("RACHANA", "រចនា"),
    ("SOPHEAP", "សុភាព"),
    ("MALIS", "ម្លិះ"),
    ("CHANNARY", "ចន្នារី"),
    ("LEAKHENA", "លក្ខិណា"),
    ("THIDA", "ធីតា"),
    ("SREYPOV", "ស្រីពៅ"),
    ("KANHA", "កញ្ញា"),
    ("SOMALY", "សុម៉ាលី"),
    ("VANNY", "វណ្ណី"),
    ("NEARY", "នារី"),
    ("PISEY", "ពិសី"),
    ("DAVY", "ដាវី"),
    ("KOLAB", "កុលាប"),
    ("CHENDA", "ចិន្ដា"),
    ("SREYLEAK", "ស្រីល័ក្ខ"),
    ("SOPHY", "សុភី"),
    ("MONY", "មុន្នី"),
    ("CHANTHOU", "ចាន់ធូ"),
    ("RAKSMEY", "រស្មី"),
    ("SOKLEAP", "សុខលាភ"),
]

# Other spellings of one Khmer name met in registers (first matching rule applies).
ROMANISATION_VARIANTS: list[tuple[str, str]] = [
    (r"EAK$", "EA"),
    (r"OV$", "AO"),
    (r"^CH", "J"),
    (r"OU", "U"),
    (r"TH", "T"),
    (r"Y$", "I"),
    (r"EA", "IA"),
    (r"O", "AU"),
]

# Foreigners met most often, with names and the look of their passport numbers.
FOREIGNERS: dict[str, dict] = {
    "VNM": {
        "weight": 30,
        "family": ["NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VO", "DANG"],
        "male": ["VAN AN", "MINH TUAN", "DUC ANH", "VAN HUNG"],
        "female": ["THI HOA", "THI LAN", "NGOC ANH", "THU TRANG"],
        "passport": ("C", 7),
    },
    "CHN": {
        "weight": 30,
        "family": ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "ZHAO"],
        "male": ["WEI", "LEI", "JUN", "HAO"],
        "female": ["FANG", "JING", "YAN", "XIU"],
        "passport": ("E", 8),
    },
    "THA": {
        "weight": 12,
        "family": ["SRISAI", "WONGSA", "CHAIYAPORN", "KAEWMANEE", "BOONMA"],
        "male": ["SOMCHAI", "NIRAN", "ANAN", "KITTI"],
        "female": ["MALAI", "SUDA", "PORNTIP", "NAPAT"],
        "passport": ("AA", 7),
    },
    "KOR": {
        "weight": 8,
        "family": ["KIM", "LEE", "PARK", "CHOI", "JUNG"],
        "male": ["MIN-JUN", "JI-HOON", "DONG-HYUN"],
        "female": ["SEO-YEON", "JI-WOO", "HA-EUN"],
        "passport": ("M", 8),
    },
    "JPN": {
        "weight": 4,
        "family": ["SATO", "SUZUKI", "TANAKA", "WATANABE"],
        "male": ["HIROSHI", "KENJI", "TAKESHI"],
        "female": ["YUKI", "AYAKA", "HARUKA"],
        "passport": ("TK", 7),
    },
    "USA": {
        "weight": 6,
        "family": ["SMITH", "JOHNSON", "BROWN", "MILLER"],
        "male": ["JOHN", "DAVID", "MICHAEL"],
        "female": ["SARAH", "EMILY", "JESSICA"],
        "passport": ("", 9),
    },
    "GBR": {
        "weight": 4,
        "family": ["WILSON", "TAYLOR", "DAVIES", "EVANS"],
        "male": ["JAMES", "THOMAS", "OLIVER"],
        "female": ["EMMA", "CHARLOTTE", "SOPHIE"],
        "passport": ("", 9),
    },
    "FRA": {
        "weight": 4,
        "family": ["MARTIN", "DUBOIS", "BERNARD", "MOREAU"],
        "male": ["PIERRE", "LUC", "JULIEN"],
        "female": ["CLAIRE", "CAMILLE", "MARIE"],
        "passport": ("", 9),
    },
    "AUS": {
        "weight": 2,
        "family": ["NGUYEN", "SMITH", "WILLIAMS"],
        "male": ["JACK", "LIAM"],
        "female": ["OLIVIA", "CHLOE"],
        "passport": ("PA", 7),
    },
}

# Ages are counted from a fixed day so that a seed gives the same people whatever today is.
REFERENCE_DAY = datetime.date(2025, 1, 1)
FOREIGNER_SHARE = 0.04
YEAR_ONLY_SHARE = 0.15
DUPLICATE_SHARE = 0.01
ID_CARD_AGE = 15


@dataclass
class DemoPerson:
    family_name: str
    given_name: str
    name_km: str
    sex: str
    birth_year: int | None
    birth_date: datetime.date | None
    birth_place_id: int | None
    nationality: str
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)


def variant_spelling(name: str) -> str:
    for pattern, replacement in ROMANISATION_VARIANTS:
        new = re.sub(pattern, replacement, name, count=1)
        if new != name:
            return new
    return name


def khmer_name(rng: random.Random, sex: str) -> tuple[str, str, str, str]:
    family, family_km, _weight = rng.choices(FAMILY_NAMES, weights=[w for *_x, w in FAMILY_NAMES])[
        0
    ]
    given, given_km = rng.choice(MALE_NAMES if sex == Sex.MALE else FEMALE_NAMES)
    return family, given, family_km, given_km


def _birth(rng: random.Random) -> tuple[int, datetime.date | None]:
    # A young population: ages weighted towards the twenties and thirties.
    age = min(int(rng.triangular(0, 90, 24)), 89)
    day = REFERENCE_DAY - datetime.timedelta(days=age * 365 + rng.randrange(365))
    if rng.random() < YEAR_ONLY_SHARE:
        return day.year, None
    return day.year, day


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _unique(rng: random.Random, used: set[str], make) -> str:
    while True:
        value = make(rng)
        if value not in used:
            used.add(value)
            return value


def demo_people(seed: int, count: int, birth_places: Sequence[int]) -> list[DemoPerson]:
    """``count`` people for ``seed``; the same arguments always give the same people."""
    rng = random.Random(f"santisuk-demo-people:{seed}")
    used: set[str] = set()
    people: list[DemoPerson] = []
    nationalities = list(FOREIGNERS)
    weights = [FOREIGNERS[n]["weight"] for n in nationalities]
    while len(people) < count:
        roll = rng.random()
        sex = Sex.UNKNOWN if roll < 0.01 else (Sex.MALE if roll < 0.505 else Sex.FEMALE)
        year, date = _birth(rng)
        if rng.random() < FOREIGNER_SHARE:
            nationality = rng.choices(nationalities, weights=weights)[0]
            spec = FOREIGNERS[nationality]
            given_pool = spec["female"] if sex == Sex.FEMALE else spec["male"]
            prefix, length = spec["passport"]
            number = _unique(rng, used, lambda r, p=prefix, n=length: p + _digits(r, n))
            people.append(
                DemoPerson(
                    family_name=rng.choice(spec["family"]),
                    given_name=rng.choice(given_pool),
                    name_km="",
                    sex=sex,
                    birth_year=REFERENCE_DAY.year - rng.randint(18, 70),
                    birth_date=None,
                    birth_place_id=None,
                    nationality=nationality,
                    identifiers=[(IdentifierKind.PASSPORT, number, nationality)],
                )
            )
            continue
        family, given, family_km, given_km = khmer_name(rng, sex)
        place = rng.choice(birth_places) if birth_places and rng.random() < 0.9 else None
        identifiers = []
        if REFERENCE_DAY.year - year >= ID_CARD_AGE and rng.random() < 0.92:
            number = _unique(rng, used, lambda r: _digits(r, 9))
            identifiers.append((IdentifierKind.NATIONAL_ID, number, CAMBODIA))
        if rng.random() < 0.05:
            number = _unique(rng, used, lambda r: "N" + _digits(r, 7))
            identifiers.append((IdentifierKind.PASSPORT, number, CAMBODIA))
        person = DemoPerson(
            family_name=family,
            given_name=given,
            name_km=f"{family_km} {given_km}",
            sex=sex,
            birth_year=year,
            birth_date=date,
            birth_place_id=place,
            nationality=CAMBODIA,
            identifiers=identifiers,
        )
        people.append(person)
        if len(people) < count and rng.random() < DUPLICATE_SHARE:
            # Registered again elsewhere: another spelling, year of birth only, no card.
            people.append(
                DemoPerson(
                    family_name=family,
                    given_name=variant_spelling(given),
                    name_km=person.name_km if rng.random() < 0.5 else "",
                    sex=sex,
                    birth_year=year,
                    birth_date=None,
                    birth_place_id=place,
                    nationality=CAMBODIA,
                )
            )
    return people
