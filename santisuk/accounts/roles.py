"""The seven roles of Santisuk and what each may do out of the box.

``roles_sync`` (in services) creates each role with its permissions group and grants the default
permissions listed here. Administrators then edit a role's permissions in the Django admin or on
the roles page; ``roles_sync`` never takes back what they granted and never re-grants a default
they removed.

Permissions are written as ``"app_label.codename"`` patterns (shell wildcards allowed:
``"geo.view_*"``, ``"people.*"``, ``"*.*"``). A pattern that matches no permission is skipped, so a
module that is not installed yet (cases, plates, elections...) can already be listed: its
permissions are granted by the first ``roles_sync`` after its migrations run. A new module adds its
patterns to the roles below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from santisuk.accounts.choices import RoleCode
from santisuk.core.scope import Scope

# Reference data every role reads: the gazetteer and the units with their officers.
REFERENCE_VIEW = ["geo.view_*", "org.view_*"]
# Every domain module's records, read only.
DOMAIN_VIEW = [
    "people.view_*",
    "cases.view_*",
    "stats.view_*",
    "plates.view_*",
    "elections.view_*",
    "identity.view_*",
    "immigration.view_*",
    "safety.view_*",
]
# What a front-line officer records: people met, cases, sightings, reports.
RECORD_WRITE = [
    "people.add_person",
    "people.change_person",
    "people.add_personidentifier",
    "people.change_personidentifier",
    "cases.add_*",
    "cases.change_*",
    "plates.add_sighting",
    "elections.add_incident",
    "elections.change_incident",
    "elections.add_intakereport",
    "elections.change_intakereport",
    "identity.add_*",
    "identity.change_*",
    "immigration.add_*",
    "immigration.change_*",
    "safety.add_*",
    "safety.change_*",
]
# Chiefs also manage the people of their units and approve work of their subordinates.
CHIEF_EXTRA = [
    "accounts.view_user",
    "org.change_officer",
    "org.add_officer",
    "people.*_personmerge",
    "cases.approve_*",
    "cases.transfer_case",
    "cases.supervise_restricted_case",
    # Chiefs register plates and handle alerts; a cancellation needs a second chief's approval.
    # Rules, tariffs and venue types are tuned by administrators only.
    "plates.add_plate",
    "plates.change_plate",
    "plates.add_vehicle",
    "plates.change_vehicle",
    "plates.add_vehiclephoto",
    "plates.change_vehiclephoto",
    "plates.add_venue",
    "plates.change_venue",
    "plates.add_travelorder",
    "plates.change_travelorder",
    "plates.add_alertnote",
    "plates.change_alertnote",
    "plates.change_alert",
    "plates.approve_alert",
    # Election security: assignment, notices (a second chief approves), situation reports and
    # the party-affiliation fields (neutrality: only named roles see them).
    "elections.assign_incident",
    "elections.add_notice",
    "elections.change_notice",
    "elections.approve_notice",
    "elections.add_situationreport",
    "elections.change_situationreport",
    "elections.see_party_affiliation",
]


@dataclass(frozen=True)
class RoleSpec:
    default_scope: str
    permissions: list[str] = field(default_factory=list)
    mfa_required: bool = False
    can_unlock_accounts: bool = False


ROLES: dict[str, RoleSpec] = {
    RoleCode.OFFICER: RoleSpec(
        default_scope=Scope.OWN_UNIT,
        permissions=[*REFERENCE_VIEW, *DOMAIN_VIEW, *RECORD_WRITE],
    ),
    RoleCode.UNIT_CHIEF: RoleSpec(
        default_scope=Scope.SUBTREE,
        permissions=[*REFERENCE_VIEW, *DOMAIN_VIEW, *RECORD_WRITE, *CHIEF_EXTRA],
        can_unlock_accounts=True,
    ),
    RoleCode.PROVINCIAL_CHIEF: RoleSpec(
        default_scope=Scope.PROVINCE,
        permissions=[*REFERENCE_VIEW, *DOMAIN_VIEW, *RECORD_WRITE, *CHIEF_EXTRA],
        mfa_required=True,
        can_unlock_accounts=True,
    ),
    RoleCode.RECORDS_CLERK: RoleSpec(
        default_scope=Scope.SUBTREE,
        permissions=[
            *REFERENCE_VIEW,
            *DOMAIN_VIEW,
            *RECORD_WRITE,
            # Clerks keep the person index clean: they propose merges of duplicates.
            "people.add_personmerge",
            "people.view_personmerge",
            # Records clerks approve case records for their units.
            "cases.approve_case",
        ],
    ),
    RoleCode.NATIONAL_ANALYST: RoleSpec(
        default_scope=Scope.NATIONAL,
        permissions=[*REFERENCE_VIEW, *DOMAIN_VIEW],
    ),
    RoleCode.AUDITOR: RoleSpec(
        default_scope=Scope.NATIONAL,
        permissions=[*REFERENCE_VIEW, "audit.view_*", "accounts.view_user", "accounts.view_role"],
    ),
    RoleCode.ADMINISTRATOR: RoleSpec(
        default_scope=Scope.NATIONAL,
        permissions=["*.*"],
        mfa_required=True,
        can_unlock_accounts=True,
    ),
}
