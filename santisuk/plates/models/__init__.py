from santisuk.plates.models.alerts import (
    Alert,
    AlertEvidence,
    AlertNote,
    MisuseRule,
    Tariff,
    TaxAssessment,
)
from santisuk.plates.models.registry import (
    Plate,
    PlateAssignment,
    Vehicle,
    VehiclePhoto,
    Venue,
    VenueType,
)
from santisuk.plates.models.sightings import QuarantinedSighting, Sighting, TravelOrder

__all__ = [
    "Alert",
    "AlertEvidence",
    "AlertNote",
    "MisuseRule",
    "Plate",
    "PlateAssignment",
    "QuarantinedSighting",
    "Sighting",
    "Tariff",
    "TaxAssessment",
    "TravelOrder",
    "Vehicle",
    "VehiclePhoto",
    "Venue",
    "VenueType",
]
