from santisuk.cases.models.case import Arrest, Case, CaseNote, CaseParty, Offence
from santisuk.cases.models.details import FireDetails, Seizure, TrafficCrashDetails
from santisuk.cases.models.reference import CrimeType

__all__ = [
    "Arrest",
    "Case",
    "CaseNote",
    "CaseParty",
    "CrimeType",
    "FireDetails",
    "Offence",
    "Seizure",
    "TrafficCrashDetails",
]
