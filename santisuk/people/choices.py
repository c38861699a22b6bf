from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Unknown")


class IdentifierKind(models.TextChoices):
    NATIONAL_ID = "national_id", _("National ID card")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other document")


class MergeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REVERSED = "reversed", _("Reversed")


CAMBODIA = "KHM"

# ISO 3166-1 alpha-3 codes of the nationalities met most often; the field accepts any three
# capital letters so that a rarer country can still be recorded from an API client.
COUNTRIES = [
    ("KHM", _("Cambodia")),
    ("THA", _("Thailand")),
    ("VNM", _("Viet Nam")),
    ("LAO", _("Lao PDR")),
    ("CHN", _("China")),
    ("TWN", _("Taiwan")),
    ("HKG", _("Hong Kong")),
    ("KOR", _("Republic of Korea")),
    ("JPN", _("Japan")),
    ("MYS", _("Malaysia")),
    ("SGP", _("Singapore")),
    ("IDN", _("Indonesia")),
    ("PHL", _("Philippines")),
    ("MMR", _("Myanmar")),
    ("IND", _("India")),
    ("BGD", _("Bangladesh")),
    ("PAK", _("Pakistan")),
    ("AUS", _("Australia")),
    ("NZL", _("New Zealand")),
    ("USA", _("United States")),
    ("CAN", _("Canada")),
    ("GBR", _("United Kingdom")),
    ("FRA", _("France")),
    ("DEU", _("Germany")),
    ("RUS", _("Russian Federation")),
    ("UKR", _("Ukraine")),
    ("NGA", _("Nigeria")),
    ("XXX", _("Stateless or unknown")),
]
COUNTRY_CODES = frozenset(code for code, _label in COUNTRIES)
