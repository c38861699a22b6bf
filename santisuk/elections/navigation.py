from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem, Tile

NAV = [
    (
        "operations",
        NavItem(_("Election dashboard"), "elections:dashboard", "elections.view_incident"),
    ),
    (
        "operations",
        NavItem(_("Election incidents"), "elections:incident_list", "elections.view_incident"),
    ),
    (
        "operations",
        NavItem(_("Intake reports"), "elections:intakereport_list", "elections.view_intakereport"),
    ),
    (
        "operations",
        NavItem(_("Record a call"), "elections:intake_call", "elections.add_intakereport"),
    ),
    (
        "operations",
        NavItem(_("Police post report"), "elections:intake_post", "elections.add_intakereport"),
    ),
    (
        "operations",
        NavItem(_("Referral"), "elections:intake_referral", "elections.add_intakereport"),
    ),
    (
        "operations",
        NavItem(
            _("Situation reports"),
            "elections:situationreport_list",
            "elections.view_situationreport",
        ),
    ),
    ("operations", NavItem(_("Public notices"), "elections:notice_list", "elections.view_notice")),
    (
        "operations",
        NavItem(
            _("Equal treatment"), "elections:equal_treatment", "elections.see_party_affiliation"
        ),
    ),
    (
        "operations",
        NavItem(_("My notifications"), "elections:notifications", "elections.view_incident"),
    ),
    ("reference", NavItem(_("Elections"), "elections:election_list", "elections.view_election")),
    ("reference", NavItem(_("Election stages"), "elections:stage_list", "elections.view_stage")),
    (
        "reference",
        NavItem(
            _("Polling stations"), "elections:pollingstation_list", "elections.view_pollingstation"
        ),
    ),
    ("reference", NavItem(_("Parties"), "elections:party_list", "elections.view_party")),
    (
        "reference",
        NavItem(
            _("Trusted reporters"),
            "elections:trustedreporter_list",
            "elections.view_trustedreporter",
        ),
    ),
]
TILES = [
    Tile(_("Election incidents"), "elections.Incident", "elections:incident_list"),
    Tile(_("Intake reports"), "elections.IntakeReport", "elections:intakereport_list"),
]
