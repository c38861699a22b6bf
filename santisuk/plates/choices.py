from django.db import models
from django.utils.translation import gettext_lazy as _


class VehicleType(models.TextChoices):
    CAR = "car", _("Car")
    PICKUP = "pickup", _("Pick-up")
    SUV = "suv", _("SUV")
    VAN = "van", _("Van")
    TRUCK = "truck", _("Truck")
    MOTORCYCLE = "motorcycle", _("Motorcycle")


class Classification(models.TextChoices):
    POLICE = "police", _("Police vehicle")
    CIVILIAN = "civilian", _("Civilian vehicle")


class PlateStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")
    LOST = "lost", _("Lost or stolen")


# A plate in one of these states has no business on the road.
OFF_ROAD_STATUSES = (PlateStatus.SUSPENDED, PlateStatus.CANCELLED, PlateStatus.LOST)


class SightingSource(models.TextChoices):
    PATROL = "patrol", _("Patrol report")
    TIP = "tip", _("Citizen tip")
    CAMERA = "camera", _("Camera")


class RuleCode(models.TextChoices):
    RESTRICTED_VENUE = "restricted_venue", _("Police plate at a restricted venue")
    NIGHT_VENUE = "night_venue", _("Police plate at a restricted venue at night")
    REPEATED_VISITS = "repeated_visits", _("Repeated visits to one venue")
    OUT_OF_JURISDICTION = "out_of_jurisdiction", _("Outside the unit's province, no travel order")
    OFF_ROAD_PLATE = "off_road_plate", _("Suspended, cancelled or lost plate seen")
    CLONED_PLATE = "cloned_plate", _("Same plate too far apart for the time (cloned plate)")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    EXPLANATION = "explanation", _("Holder's explanation received")
    CANCELLATION_PENDING = "cancellation_pending", _("Cancellation awaiting approval")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("Unfounded")
    WARNING = "warning", _("Warning")
    SUSPEND = "suspend", _("Plate suspended")
    CANCEL = "cancel", _("Plate cancelled")


class TipStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    CLOSED = "closed", _("Closed")
