"""Elections and their calendars: the reference data and the stage of a date.

Senate 2024: the dates of the NEC calendar as given in the design notes (registration 18 Oct –
14 Nov 2023, candidate lists posted 26 Jan 2024, campaign 10–23 Feb, polling 25 Feb, temporary
results 29 Feb and official results 5 Mar 2024).

Councils 2024 (capital/provincial and district councils, polling 26 May 2024): only the polling
date comes from the notes. The other stages follow the same pattern as the Senate calendar (a
14-day campaign ending two days before polling, a silence day, results within ten days) and are
assumptions an administrator corrects on the stages page when the NEC calendar is at hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from santisuk.elections.choices import ElectionKind, StageCode
from santisuk.elections.models import Election, Party, Stage

D = datetime.date


@dataclass(frozen=True)
class ElectionSpec:
    slug: str
    kind: str
    name_en: str
    name_km: str
    polling_date: datetime.date
    stages: list[tuple[str, datetime.date, datetime.date | None]]
    parties: list[tuple[str, str, str]] = field(default_factory=list)


PARTIES = [
    ("CPP", "Cambodian People's Party", "គណបក្សប្រជាជនកម្ពុជា"),
    ("KWP", "Khmer Will Party", "គណបក្សឆន្ទៈខ្មែរ"),
    ("NPP", "Nation Power Party", "គណបក្សកម្លាំងជាតិ"),
    ("FUNCINPEC", "FUNCINPEC", "គណបក្សហ្វ៊ុនស៊ិនប៉ិច"),
]

ELECTIONS = [
    ElectionSpec(
        slug="senate-2024",
        kind=ElectionKind.SENATE,
        name_en="Senate election 2024",
        name_km="ការបោះឆ្នោតជ្រើសតាំងសមាជិកព្រឹទ្ធសភា ឆ្នាំ២០២៤",
        polling_date=D(2024, 2, 25),
        stages=[
            (StageCode.REGISTRATION, D(2023, 10, 18), D(2023, 11, 14)),
            (StageCode.PREPARATION, D(2023, 11, 15), D(2024, 1, 25)),
            (StageCode.CANDIDATE_LISTS, D(2024, 1, 26), D(2024, 2, 9)),
            (StageCode.CAMPAIGN, D(2024, 2, 10), D(2024, 2, 23)),
            (StageCode.SILENCE, D(2024, 2, 24), D(2024, 2, 24)),
            (StageCode.POLLING, D(2024, 2, 25), D(2024, 2, 25)),
            (StageCode.RESULTS, D(2024, 2, 26), D(2024, 3, 5)),
            (StageCode.POST_ELECTION, D(2024, 3, 6), None),
        ],
        parties=PARTIES,
    ),
    ElectionSpec(
        slug="councils-2024",
        kind=ElectionKind.COUNCILS,
        name_en="Capital/provincial and district council elections 2024",
        name_km="ការបោះឆ្នោតជ្រើសរើសក្រុមប្រឹក្សារាជធានី ខេត្ត ក្រុង ស្រុក ខណ្ឌ ឆ្នាំ២០២៤",
        polling_date=D(2024, 5, 26),
        stages=[
            (StageCode.REGISTRATION, D(2024, 2, 26), D(2024, 3, 24)),
            (StageCode.PREPARATION, D(2024, 3, 25), D(2024, 4, 21)),
            (StageCode.CANDIDATE_LISTS, D(2024, 4, 22), D(2024, 5, 9)),
            (StageCode.CAMPAIGN, D(2024, 5, 10), D(2024, 5, 24)),
            (StageCode.SILENCE, D(2024, 5, 25), D(2024, 5, 25)),
            (StageCode.POLLING, D(2024, 5, 26), D(2024, 5, 26)),
            (StageCode.RESULTS, D(2024, 5, 27), D(2024, 6, 6)),
            (StageCode.POST_ELECTION, D(2024, 6, 7), None),
        ],
        parties=PARTIES,
    ),
]


@transaction.atomic
def elections_reference_load() -> list[str]:
    """Create or update the reference elections, their stages and parties. Idempotent: a
    second run writes nothing; elections and stages an administrator added are left alone."""
    lines = []
    for spec in ELECTIONS:
        written = 0
        election = Election.objects.filter(slug=spec.slug).first()
        if election is None:
            election = Election(slug=spec.slug)
        values = {
            "kind": spec.kind,
            "name_en": spec.name_en,
            "name_km": spec.name_km,
            "polling_date": spec.polling_date,
        }
        if election.pk is None or any(getattr(election, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(election, key, value)
            election.full_clean()
            election.save()
            written += 1
        for code, start, end in spec.stages:
            stage = Stage.objects.filter(election=election, code=code).first()
            if stage and stage.start_date == start and stage.end_date == end:
                continue
            stage = stage or Stage(election=election, code=code)
            stage.start_date, stage.end_date = start, end
            stage.full_clean()
            stage.save()
            written += 1
        for code, name_en, name_km in spec.parties:
            party = Party.objects.filter(election=election, code=code).first()
            if party and party.name_en == name_en and party.name_km == name_km:
                continue
            party = party or Party(election=election, code=code)
            party.name_en, party.name_km = name_en, name_km
            party.full_clean()
            party.save()
            written += 1
        lines.append(
            _("Election %(slug)s: %(count)d records written")
            % {"slug": spec.slug, "count": written}
        )
    return lines


def stage_for(election: Election, day: datetime.date) -> Stage | None:
    """The stage running on ``day``; None before the first stage (or in a gap)."""
    stages = list(election.stages.all())
    for stage in sorted(stages, key=lambda s: s.start_date):
        if stage.start_date <= day and (stage.end_date is None or day <= stage.end_date):
            return stage
    return None


def first_stage_date(election: Election) -> datetime.date | None:
    first = election.stages.order_by("start_date").first()
    return first.start_date if first else None
