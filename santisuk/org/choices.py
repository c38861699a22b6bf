from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    GENERAL_COMMISSARIAT = "general_commissariat", _("General commissariat")
    PROVINCIAL_COMMISSARIAT = "provincial_commissariat", _("Provincial commissariat")
    DISTRICT_INSPECTORATE = "district_inspectorate", _("District inspectorate")
    COMMUNE_POST = "commune_post", _("Commune post")
    DEPARTMENT = "department", _("Specialised department")
    IMMIGRATION = "immigration", _("Immigration department")
    IDENTIFICATION = "identification", _("Identification department")
    ELECTION_COMMAND = "election_command", _("Election security command")


class Rank(models.TextChoices):
    # National Police ranks, lowest first.
    CONSTABLE = "constable", _("Constable")
    SERGEANT = "sergeant", _("Sergeant")
    SUB_LIEUTENANT = "sub_lieutenant", _("Sub-lieutenant")
    LIEUTENANT = "lieutenant", _("Lieutenant")
    CAPTAIN = "captain", _("Captain")
    MAJOR = "major", _("Major")
    LIEUTENANT_COLONEL = "lieutenant_colonel", _("Lieutenant colonel")
    COLONEL = "colonel", _("Colonel")
    BRIGADIER_GENERAL = "brigadier_general", _("Brigadier general")
    MAJOR_GENERAL = "major_general", _("Major general")
    LIEUTENANT_GENERAL = "lieutenant_general", _("Lieutenant general")
    GENERAL = "general", _("General")
