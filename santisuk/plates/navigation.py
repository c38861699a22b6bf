from django.utils.translation import gettext_lazy as _

from santisuk.core.navigation import NavItem, Tile

NAV = [
    ("operations", NavItem(_("Plate misuse alerts"), "plates:alert_list", "plates.view_alert")),
    ("operations", NavItem(_("Report a sighting"), "plates:patrol_report", "plates.add_sighting")),
    (
        "operations",
        NavItem(_("Search sightings"), "plates:sighting_search", "plates.view_sighting"),
    ),
    ("operations", NavItem(_("Police plates"), "plates:plate_list", "plates.view_plate")),
    ("operations", NavItem(_("Police vehicles"), "plates:vehicle_list", "plates.view_vehicle")),
    ("operations", NavItem(_("Plates dashboard"), "plates:dashboard", "plates.view_alert")),
    (
        "operations",
        NavItem(_("Tax assessments"), "plates:taxassessment_list", "plates.view_taxassessment"),
    ),
    (
        "operations",
        NavItem(_("Travel orders"), "plates:travelorder_list", "plates.view_travelorder"),
    ),
    ("reference", NavItem(_("Venues"), "plates:venue_list", "plates.view_venue")),
    (
        "administration",
        NavItem(_("Venue types"), "plates:venuetype_list", "plates.change_venuetype"),
    ),
    (
        "administration",
        NavItem(_("Misuse rules"), "plates:misuserule_list", "plates.change_misuserule"),
    ),
    ("administration", NavItem(_("Tax tariffs"), "plates:tariff_list", "plates.change_tariff")),
]
TILES = [
    Tile(_("Plate misuse alerts"), "plates.Alert", "plates:alert_list"),
    Tile(_("Police plates"), "plates.Plate", "plates:plate_list"),
]
