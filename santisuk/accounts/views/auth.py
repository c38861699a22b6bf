"""Login and logout. The login page wraps Django's so that axes watches every attempt."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import make_password
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from santisuk.accounts.forms import LOGIN_FAILED, LoginForm
from santisuk.accounts.lockout import is_locked
from santisuk.accounts.middleware import SESSION_ENDED, session_end_message
from santisuk.audit.services import access_record
from santisuk.core.throttle import throttle_hit

TEMPLATE = "accounts/login.html"


class LoginView(auth_views.LoginView):
    template_name = TEMPLATE
    form_class = LoginForm

    def _username(self) -> str:
        return self.request.POST.get("username", "")[:150]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.session.pop(SESSION_ENDED, None)
        context["session_notice"] = session_end_message(reason)
        return context

    def post(self, request, *args, **kwargs):
        username = self._username()
        if throttle_hit(request, "login"):
            access_record(action="login.throttled", query={"username": username}, outcome="denied")
            # An unbound form: validating it would try the password after all.
            form = self.form_class(request, initial={"username": username})
            context = self.get_context_data(form=form)
            context["throttled"] = True
            return self.render_to_response(context, status=429)
        # Known before authentication, because axes refuses a locked account without hashing
        # the password: that work is then done anyway so both answers take as long.
        self.was_locked = bool(username) and is_locked(username)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        locked = bool(getattr(self.request, "axes_locked_out", False))
        if self.was_locked:
            make_password(self.request.POST.get("password", ""))
        access_record(
            action="login.locked" if locked else "login.failed",
            query={"username": self._username()},
            outcome="denied",
        )
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        response = super().form_valid(form)
        access_record(
            action="login.succeeded",
            actor=user,
            obj=user,
            query={"username": user.get_username()},
            outcome="allowed",
        )
        role_requires = user.mfa_required
        has_device = user_has_device(user)
        if has_device or role_requires:
            name = "accounts:mfa_verify" if has_device else "accounts:mfa_enrol"
            return redirect(f"{reverse(name)}?{urlencode({'next': self.get_success_url()})}")
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); the session is deleted on the server."""


def lockout_response(request, original_response=None, credentials=None):
    """Axes' answer for a locked account: the very page a wrong password gets, same status and
    same message, so that a lock cannot be told from a typing mistake."""
    if isinstance(original_response, HttpResponseBase):
        return original_response
    return render(request, TEMPLATE, {"form": LoginForm(request), "login_error": LOGIN_FAILED})
