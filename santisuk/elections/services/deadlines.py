"""Deadlines by severity and stage; shorter on polling day and the silence day before it."""

from __future__ import annotations

import datetime

from santisuk.elections.choices import CommandLevel, StageCode

# Minutes to acknowledge and hours to resolve, by severity (5 = most severe).
ACK_MINUTES = {5: 15, 4: 30, 3: 60, 2: 120, 1: 240}
RESOLVE_HOURS = {5: 6, 4: 12, 3: 24, 2: 48, 1: 72}
# On polling day every deadline is divided by this factor; on the silence day by the second.
POLLING_FACTOR = 3
SILENCE_FACTOR = 2


def _factor(stage: str) -> int:
    if stage == StageCode.POLLING:
        return POLLING_FACTOR
    if stage == StageCode.SILENCE:
        return SILENCE_FACTOR
    return 1


def deadlines(
    *, severity: int, stage: str, start: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    factor = _factor(stage)
    ack = datetime.timedelta(minutes=ACK_MINUTES[severity]) / factor
    resolve = datetime.timedelta(hours=RESOLVE_HOURS[severity]) / factor
    return start + ack, start + resolve


LEVEL_BY_KIND = {
    "commune_post": CommandLevel.COMMUNE,
    "district_inspectorate": CommandLevel.DISTRICT,
    "provincial_commissariat": CommandLevel.PROVINCIAL,
}


def level_of(unit) -> str:
    return LEVEL_BY_KIND.get(unit.kind, CommandLevel.NATIONAL)
