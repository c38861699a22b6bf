"""Keep the server-side record of each user's sessions and their login time."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone
from django_otp import user_has_device

from santisuk.accounts.models import UserSession
from santisuk.core.throttle import client_address

LOGIN_AT = "santisuk_login_at"
SEEN_AT = "santisuk_seen_at"
# Whether the user had a second factor at login: they must then use it, whatever their role.
HAS_DEVICE = "santisuk_has_otp_device"


@receiver(user_logged_in, dispatch_uid="santisuk_session_started")
def session_started(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = timezone.now().timestamp()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session[HAS_DEVICE] = user_has_device(user)
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "ip_address": client_address(request)},
    )


@receiver(user_logged_out, dispatch_uid="santisuk_session_ended")
def session_ended(sender, request, user, **kwargs):
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()
