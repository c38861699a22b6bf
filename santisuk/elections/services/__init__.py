"""Services of the elections module (rule 3: workflows are service functions)."""

from santisuk.elections.services.calendar import (
    elections_reference_load,
    first_stage_date,
    stage_for,
)
from santisuk.elections.services.incidents import (
    cases_available,
    incident_acknowledge,
    incident_assign,
    incident_create,
    incident_from_report,
    incident_lock,
    incident_open_case,
    incident_resolve,
    incident_share,
    incident_stage_correct,
    incident_start,
    incident_triage,
    incident_update,
    incident_verify,
    incidents_escalate,
    is_overdue,
    lock_holder,
    neutral_unit,
)
from santisuk.elections.services.intake import (
    current_election,
    intake_attach,
    intake_create,
    sms_receive,
)
from santisuk.elections.services.notices import (
    notice_approve,
    notice_create,
    notice_publish,
    notice_update,
)
from santisuk.elections.services.reports import sitrep_generate, sitrep_update

__all__ = [
    "cases_available",
    "current_election",
    "elections_reference_load",
    "first_stage_date",
    "incident_acknowledge",
    "incident_assign",
    "incident_create",
    "incident_from_report",
    "incident_lock",
    "incident_open_case",
    "incident_resolve",
    "incident_share",
    "incident_stage_correct",
    "incident_start",
    "incident_triage",
    "incident_update",
    "incident_verify",
    "incidents_escalate",
    "intake_attach",
    "intake_create",
    "is_overdue",
    "lock_holder",
    "neutral_unit",
    "notice_approve",
    "notice_create",
    "notice_publish",
    "notice_update",
    "sitrep_generate",
    "sitrep_update",
    "sms_receive",
    "stage_for",
]
