"""Session lifetime and the second factor, enforced on every request."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.accounts.models import UserSession
from santisuk.accounts.signals import HAS_DEVICE, LOGIN_AT, SEEN_AT
from santisuk.core.middleware import is_api_request

SESSION_ENDED = "santisuk_session_ended"  # why the last session ended: "idle" or "absolute"
# Writing the session on every request would make every page view a database write; activity is
# recorded at most this often, so an idle session may end up to this many seconds early.
ACTIVITY_RESOLUTION = 10


def _redirect(request, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # An HTMX fragment request: have the browser load the page itself.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(url: str, request) -> str:
    if request.method == "GET":
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class SessionTimeoutMiddleware:
    """End a logged-in session after ``SESSION_IDLE_TIMEOUT`` without a request or
    ``SESSION_ABSOLUTE_TIMEOUT`` after login, whichever comes first. The session is deleted on
    the server, so the old cookie is worthless; the user is sent to the login page with a word
    on why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = timezone.now().timestamp()
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if login_at is None or seen_at is None:
                # A session older than these rules: its clock starts now.
                session[LOGIN_AT] = login_at or now
                session[SEEN_AT] = now
            elif now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
                return self._expire(request, "absolute")
            elif now - seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                return self._expire(request, "idle")
            elif now - seen_at >= ACTIVITY_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)

    def _expire(self, request, reason: str):
        session = request.session
        UserSession.objects.filter(session_key=session.session_key).delete()
        session.flush()
        session[SESSION_ENDED] = reason
        if is_api_request(request):
            # The API answers for itself: an anonymous request gets its 401/403.
            return self.get_response(request)
        return _redirect(request, _with_next(reverse(settings.LOGIN_URL), request))


def session_end_message(reason: str | None) -> str:
    if reason == "idle":
        minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
        return _("You were logged out after %(minutes)s minutes without activity.") % {
            "minutes": minutes
        }
    if reason == "absolute":
        hours = int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() // 3600)
        return _("You were logged out: a session lasts at most %(hours)s hours.") % {"hours": hours}
    return ""


def mfa_needed(request, user) -> bool:
    """The role requires a second factor, or the user enrolled one and so must use it."""
    if user.mfa_required:
        return True
    return bool(request.session.get(HAS_DEVICE))


class MFARequiredMiddleware:
    """A user who must use a second factor and has not in this session is sent to enrol (no
    device yet) or to verify, whatever page they ask for. Token requests to the API are exempt:
    tokens can only be created from a verified session."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths: set[str] | None = None

    def exempt_paths(self) -> set[str]:
        if self._exempt_paths is None:
            self._exempt_paths = {
                reverse(name)
                for name in (
                    "accounts:login",
                    "accounts:logout",
                    "accounts:mfa_verify",
                    "accounts:mfa_enrol",
                )
            }
        return self._exempt_paths

    def is_exempt(self, request) -> bool:
        path = request.path
        prefixes = (
            "/" + settings.STATIC_URL.lstrip("/"),
            "/i18n/",
            "/" + settings.MEDIA_URL.lstrip("/"),
        )
        if path.startswith(prefixes) or path in self.exempt_paths():
            return True
        auth = request.headers.get("Authorization", "")
        return is_api_request(request) and auth.lower().startswith("token ")

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not self.is_exempt(request)
            and mfa_needed(request, user)
            and not user.is_verified()
        ):
            if is_api_request(request):
                return JsonResponse(
                    {"detail": _("Two-factor verification is required: log in again.")},
                    status=403,
                )
            from django_otp import user_has_device

            name = "accounts:mfa_verify" if user_has_device(user) else "accounts:mfa_enrol"
            return _redirect(request, _with_next(reverse(name), request))
        return self.get_response(request)
