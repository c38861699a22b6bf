"""``santisuk demo_data``: a believable national set-up to try the system with.

Units for every province, officers, one demo user per persona role in Phnom Penh and Siem Reap
plus the national ones, and a few thousand people in the person index. Deterministic for a seed;
a second run adds nothing. Demo passwords are printed once, when the users are created.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from santisuk.audit.services import changes_record_bulk
from santisuk.geo.choices import Level
from santisuk.geo.models import Area
from santisuk.org.choices import Rank
from santisuk.org.demo import (
    BadgeNumbers,
    Structure,
    build_units,
    officer_for,
    staff_units,
)
from santisuk.org.models import Unit
from santisuk.people.demo import demo_people, khmer_name
from santisuk.people.models import Person, PersonIdentifier

# Demo user per persona: (username suffix, role, where, rank of their officer record).
PROVINCIAL_PERSONAS = [
    ("officer", "officer", "district", Rank.SERGEANT),
    ("unitchief", "unit_chief", "district", Rank.LIEUTENANT_COLONEL),
    ("chief", "provincial_chief", "province", Rank.BRIGADIER_GENERAL),
    ("clerk", "records_clerk", "province", Rank.LIEUTENANT),
]
NATIONAL_PERSONAS = [
    ("national.analyst", "national_analyst", "GCNP", Rank.MAJOR),
    ("national.auditor", "auditor", "MOI", Rank.COLONEL),
    ("national.admin", "administrator", "MOI", Rank.CAPTAIN),
]
PERSONA_PROVINCES = ("12", "17")

# Passwords are three words and two digits drawn for the seed: easy to type from the printed
# table, not in any common-password list.
WORDS = [
    "angkor",
    "mekong",
    "tonle",
    "lotus",
    "mango",
    "kampot",
    "pepper",
    "sugar",
    "palm",
    "rumdul",
    "krama",
    "naga",
    "apsara",
    "bayon",
    "kulen",
    "koh",
    "rong",
    "kep",
    "durian",
    "jasmine",
    "monsoon",
    "paddy",
    "buffalo",
    "heron",
    "lantern",
    "silk",
    "temple",
    "river",
    "island",
    "mountain",
    "orchid",
    "pagoda",
    "stupa",
    "sunrise",
    "harbour",
    "market",
    "bamboo",
    "coconut",
    "lychee",
    "rambutan",
    "tamarind",
    "cardamom",
    "prahok",
    "nom",
    "banh",
    "chhok",
    "amok",
    "lok",
    "lak",
    "kralan",
    "num",
    "pang",
    "teuk",
    "ampil",
    "chhuk",
    "romduol",
    "sdao",
    "trey",
    "cha",
    "kuy",
    "teav",
]


def _password(seed: int, username: str) -> str:
    rng = random.Random(f"santisuk-demo-password:{seed}:{username}")
    words = rng.sample(WORDS, 3)
    return f"{'-'.join(words)}-{rng.randrange(10, 100)}"


class Command(BaseCommand):
    help = (
        "Create demo units, officers, users and people (needs the gazetteer: "
        "run santisuk load_reference first). Running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--people", type=int, default=3000, help="People to create (default 3000)."
        )

    def progress(self, items: Iterable, desc: str) -> Iterable:
        # A bar on a terminal only; logs and pipes stay clean.
        return tqdm(items, desc=desc, disable=not sys.stderr.isatty(), leave=False)

    def handle(self, *args, seed: int, people: int, **options):
        if people < 0:
            raise CommandError("--people must be 0 or more")
        if not Area.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).exists():
            raise CommandError("The gazetteer is empty: run santisuk load_reference first")
        try:
            structure = self.units(seed)
            self.users(seed, structure)
            self.people(seed, people)
            self.cases(seed)
            self.elections(seed)
            self.plates(seed)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None

    def cases(self, seed: int) -> None:
        from santisuk.cases.demo import demo_cases, demo_investigators
        from santisuk.cases.services import crime_types_load

        crime_types_load()
        # The officers who log in get cases of their own unit, and are named on its open ones.
        officers = list(
            get_user_model().objects.filter(role__code="officer", username__endswith=".officer")
        )
        created = demo_cases(seed=seed, units=[o.unit for o in officers])
        named = demo_investigators(officers=officers) if created else 0
        self.stdout.write(
            f"Cases: {created} created (approved, 2024 to today); "
            f"{named} named to their unit's officer to investigate."
        )

    def elections(self, seed: int) -> None:
        from santisuk.elections.demo import demo_elections

        demo_elections(seed=seed, stdout=self.stdout)

    def plates(self, seed: int) -> None:
        from santisuk.plates.demo import demo_plates

        demo_plates(seed=seed, stdout=self.stdout)

    @transaction.atomic
    def units(self, seed: int) -> Structure:
        structure = build_units(lambda items: self.progress(items, "units"))
        rng = random.Random(f"santisuk-demo-officers:{seed}")
        officers = staff_units(self.progress(structure.created, "officers"), rng, BadgeNumbers(rng))
        total = Unit.objects.count()
        self.stdout.write(
            f"Units: {len(structure.created)} created, {total} in all. "
            f"Officers: {officers} created."
        )
        return structure

    def _persona_units(self, structure: Structure) -> list[tuple[str, str, Unit, str]]:
        rows = []
        for code in PERSONA_PROVINCES:
            province = structure.provinces.get(code)
            if province is None:
                continue
            district = next(
                (u for c, u in sorted(structure.districts.items()) if c.startswith(code)),
                province,
            )
            for suffix, role, where, rank in PROVINCIAL_PERSONAS:
                unit = district if where == "district" else province
                rows.append((f"{province.code.lower()}.{suffix}", role, unit, rank))
        by_code = {"GCNP": structure.general, "MOI": structure.ministry}
        for username, role, code, rank in NATIONAL_PERSONAS:
            rows.append((username, role, by_code[code], rank))
        return rows

    @transaction.atomic
    def users(self, seed: int, structure: Structure) -> None:
        from santisuk.accounts.models import User
        from santisuk.accounts.services import roles_sync, user_create

        roles_sync()
        personas = self._persona_units(structure)
        if User.objects.filter(username__in=[p[0] for p in personas]).exists():
            self.stdout.write("Demo users already exist (their passwords were shown when created).")
            return
        rng = random.Random(f"santisuk-demo-users:{seed}")
        badges = BadgeNumbers(rng)
        table = []
        for username, role, unit, rank in personas:
            sex = "F" if rng.random() < 0.3 else "M"
            family, given, family_km, given_km = khmer_name(rng, sex)
            password = _password(seed, username)
            user = user_create(
                username=username,
                password=password,
                role=role,
                unit=unit,
                first_name=given.title(),
                last_name=family.title(),
                name_km=f"{family_km} {given_km}",
            )
            officer = officer_for(rng, badges, unit, rank, user=user, sex=sex)
            # The officer record carries the same name as the account.
            officer.family_name, officer.given_name = family, given
            officer.name_km = user.name_km
            officer.save()
            table.append((username, password, role, unit.code))
        widths = [
            max(len(str(row[i])) for row in [("username", "password", "role", "unit"), *table])
            for i in range(4)
        ]
        self.stdout.write("Demo users (shown once; write them down):")
        for row in [("username", "password", "role", "unit"), *table]:
            self.stdout.write(
                "  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )

    def people(self, seed: int, count: int) -> None:
        if Person.objects.exists():
            self.stdout.write("People: the person index is not empty; no demo people added.")
            return
        places = list(
            Area.objects.filter(valid_to__isnull=True, level=Level.COMMUNE)
            .order_by("code")
            .values_list("pk", flat=True)
        ) or list(
            Area.objects.filter(valid_to__isnull=True).order_by("code").values_list("pk", flat=True)
        )
        rows = demo_people(seed, count, places)
        with transaction.atomic():
            persons = []
            for row in rows:
                person = Person(
                    family_name=row.family_name,
                    given_name=row.given_name,
                    name_km=row.name_km,
                    sex=row.sex,
                    birth_year=row.birth_year,
                    birth_date=row.birth_date,
                    birth_place_id=row.birth_place_id,
                    nationality=row.nationality,
                )
                person.normalise()
                persons.append(person)
            batches = [persons[i : i + 500] for i in range(0, len(persons), 500)]
            for batch in self.progress(batches, "people"):
                Person.objects.bulk_create(batch)
            identifiers = []
            for person, row in zip(persons, rows, strict=True):
                for kind, number, country in row.identifiers:
                    identifier = PersonIdentifier(
                        person=person, kind=kind, number=number, country=country
                    )
                    identifier.normalise()
                    identifiers.append(identifier)
            PersonIdentifier.objects.bulk_create(identifiers, batch_size=1000)
            # bulk_create sends no signals: the change log is written here, one entry each.
            changes_record_bulk(model=Person, objects=persons, action="create")
            changes_record_bulk(model=PersonIdentifier, objects=identifiers, action="create")
        self.stdout.write(f"People: {len(persons)} created with {len(identifiers)} documents.")
