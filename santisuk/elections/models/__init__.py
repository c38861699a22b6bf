from santisuk.elections.models.elections import (
    Election,
    Partner,
    Party,
    PollingStation,
    Stage,
    TrustedReporter,
)
from santisuk.elections.models.incidents import Incident, IntakeReport, Notification
from santisuk.elections.models.notices import Notice, NoticeVersion, SituationReport

__all__ = [
    "Election",
    "Incident",
    "IntakeReport",
    "Notice",
    "NoticeVersion",
    "Notification",
    "Partner",
    "Party",
    "PollingStation",
    "SituationReport",
    "Stage",
    "TrustedReporter",
]
