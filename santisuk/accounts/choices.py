from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.core.scope import Scope


class RoleCode(models.TextChoices):
    OFFICER = "officer", _("Officer")
    UNIT_CHIEF = "unit_chief", _("Unit chief")
    PROVINCIAL_CHIEF = "provincial_chief", _("Provincial chief")
    RECORDS_CLERK = "records_clerk", _("Records clerk")
    NATIONAL_ANALYST = "national_analyst", _("National analyst")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


class ScopeChoice(models.TextChoices):
    OWN_UNIT = Scope.OWN_UNIT, _("Own unit")
    SUBTREE = Scope.SUBTREE, _("Unit and the units below it")
    PROVINCE = Scope.PROVINCE, _("Province")
    NATIONAL = Scope.NATIONAL, _("National")
