"""Workflows on crime and incident records (rule 3 of the house: services hold the rules)."""

from santisuk.cases.services.investigators import (
    case_investigator_assign,
    case_investigator_unassign,
    investigator_candidates,
)
from santisuk.cases.services.parts import (
    arrest_outcome_set,
    arrest_record,
    arrest_remove,
    case_party_add,
    fire_details_set,
    seizure_add,
    traffic_crash_details_set,
)
from santisuk.cases.services.reference import (
    crime_types_load,
    person_links_merge,
    person_links_unmerge,
)
from santisuk.cases.services.workflow import (
    case_approve,
    case_correct,
    case_create,
    case_refresh,
    case_return,
    case_status_set,
    case_submit,
    case_supplement,
    case_transfer,
    case_update,
)

__all__ = [
    "arrest_outcome_set",
    "arrest_record",
    "arrest_remove",
    "case_approve",
    "case_correct",
    "case_create",
    "case_investigator_assign",
    "case_investigator_unassign",
    "case_party_add",
    "case_refresh",
    "case_return",
    "case_status_set",
    "case_submit",
    "case_supplement",
    "case_transfer",
    "case_update",
    "crime_types_load",
    "fire_details_set",
    "investigator_candidates",
    "person_links_merge",
    "person_links_unmerge",
    "seizure_add",
    "traffic_crash_details_set",
]
