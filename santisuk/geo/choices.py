from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Capital / province")
    DISTRICT = "district", _("District / municipality / khan")
    COMMUNE = "commune", _("Commune / sangkat")
    VILLAGE = "village", _("Village")


# NCDD code length of each level: 12 → 1201 → 120101 → 12010101.
CODE_LENGTH = {Level.PROVINCE: 2, Level.DISTRICT: 4, Level.COMMUNE: 6, Level.VILLAGE: 8}
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTH.items()}


class Kind(models.TextChoices):
    CAPITAL = "capital", _("Capital")
    PROVINCE = "province", _("Province")
    KHAN = "khan", _("Khan")
    KRONG = "krong", _("Municipality (krong)")
    SROK = "srok", _("District (srok)")
    SANGKAT = "sangkat", _("Sangkat")
    KHUM = "khum", _("Commune (khum)")
    VILLAGE = "village", _("Village")
    UNKNOWN = "", _("Unknown")
