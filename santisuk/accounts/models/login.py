from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """The server-side sessions of a user, so that deactivating the account ends all of them."""

    # Kept out of the change log: the login itself is in the access log, and a session key is a
    # secret that must not sit in a log readable by auditors.
    audit_log = False

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="login_sessions",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged in at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class AccountLock(models.Model):
    """An account locked after too many failed logins. It stays locked until a unit chief or an
    administrator unlocks it: there is no automatic cool-off."""

    username = models.CharField(_("user name"), max_length=255, unique=True)
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("last address"), null=True, blank=True)

    class Meta:
        ordering = ["-locked_at"]
        verbose_name = _("account lock")
        verbose_name_plural = _("account locks")

    def __str__(self) -> str:
        return self.username
