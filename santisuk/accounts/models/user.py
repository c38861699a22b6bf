from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from santisuk.accounts.choices import ScopeChoice
from santisuk.core.models import RestrictedQuerySet
from santisuk.core.scope import Scope


class UserManager(DjangoUserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    scope_unit_field = "unit"

    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("unit"),
    )
    role = models.ForeignKey(
        "accounts.Role",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("role"),
    )
    scope = models.CharField(
        _("scope"),
        max_length=20,
        choices=ScopeChoice.choices,
        blank=True,
        help_text=_("Leave empty to use the role's default scope."),
    )

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def mfa_required(self) -> bool:
        # A superuser holds every permission, so it needs the administrators' second factor.
        return self.is_superuser or bool(self.role_id and self.role.mfa_required)

    @property
    def effective_scope(self) -> str:
        if self.scope:
            return self.scope
        if self.role_id:
            return self.role.default_scope
        return Scope.OWN_UNIT
