from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.accounts.choices import RoleCode, ScopeChoice
from santisuk.core.models import TimeStampedModel


class Role(TimeStampedModel):
    """A persona's role. Its permissions are those of its group, which administrators edit in
    the admin; its scope is the default scope of users holding it."""

    code = models.CharField(_("code"), max_length=30, choices=RoleCode.choices, unique=True)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="role", verbose_name=_("permissions group")
    )
    default_scope = models.CharField(_("default scope"), max_length=20, choices=ScopeChoice.choices)
    mfa_required = models.BooleanField(_("two-factor authentication required"), default=False)
    can_unlock_accounts = models.BooleanField(_("may unlock accounts"), default=False)
    # The default permissions already granted once ("app_label.codename"): roles_sync grants a
    # default only once, so a permission an administrator removed stays removed.
    defaults_granted = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(self.get_code_display())
