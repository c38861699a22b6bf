"""Login hardening: the account lockout window and the per-address throttle.

django-axes counts an account's failed logins since its last reset and has no sliding window:
with ``AXES_COOLOFF_TIME = None`` failures never expire, and with a cool-off the lock itself
expires. We want both "5 failures within 15 minutes" and "locked until a person unlocks it", so
``WindowedLockoutHandler`` changes how failures are counted and nothing else:

* every failure is kept with its time (axes' own failure log, ``AXES_ENABLE_ACCESS_FAILURE_LOG``);
* an account not yet locked counts the failures since its last reset (a successful login or an
  unlock) that fall inside ``AXES_FAILURE_WINDOW``;
* once the limit is reached an ``AccountLock`` row is written, and the account stays locked until
  ``user_unlock`` removes it.

The per-address throttle is separate (``settings.THROTTLES["login"]``, counted by
santisuk.core.throttle): past it an address is answered 429 without any account being touched. It
replaces axes' address lockout (see the note on ``axes.W006`` in settings), which would lock out a
whole police station behind one NAT address after five typing mistakes.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessFailureLog
from django.conf import settings
from django.utils import timezone

from santisuk.accounts.models import AccountLock


class WindowedLockoutHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes counts the failure before writing its log row: the count must include it.
        request.santisuk_failure_in_flight = True
        try:
            result = super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            request.santisuk_failure_in_flight = False
        username = get_client_username(request, credentials)
        if request.axes_locked_out and username:
            AccountLock.objects.get_or_create(
                username=username, defaults={"ip_address": request.axes_ip_address}
            )
        return result

    def get_failures(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if AccountLock.objects.filter(username=username).exists():
            return max(limit, super().get_failures(request, credentials))
        since_reset = super().get_failures(request, credentials)
        if since_reset < limit:
            return since_reset
        start = (request.axes_attempt_time or timezone.now()) - settings.AXES_FAILURE_WINDOW
        in_window = AccessFailureLog.objects.filter(
            username=username, attempt_time__gte=start
        ).count()
        if getattr(request, "santisuk_failure_in_flight", False):
            in_window += 1
        # Failures before the last reset may sit in the window, and failures since the reset may
        # be older than the window: the failures that count are in both, and the smaller of the
        # two counts is exactly that number (if a reset is inside the window, every failure
        # since the reset is too).
        return min(since_reset, in_window)


def is_locked(username: str) -> bool:
    return AccountLock.objects.filter(username=username).exists()
