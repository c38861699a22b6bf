"""The user's own page: role and scope, second factor, API tokens."""

from __future__ import annotations

from base64 import b32encode
from datetime import timedelta

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from santisuk.accounts.forms import OTPCodeForm, TokenCreateForm
from santisuk.accounts.services import concrete_user, token_create, token_revoke
from santisuk.accounts.signals import HAS_DEVICE
from santisuk.audit.services import access_record, event_record

BACKUP_CODES = 10


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _role_requires_mfa(user) -> bool:
    return user.mfa_required


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "profile": user,
                "scope_label": _scope_label(user),
                "mfa_required": _role_requires_mfa(user),
                "totp_enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
                "backup_codes_left": StaticToken.objects.filter(
                    device__user=user, device__confirmed=True
                ).count(),
                "tokens": AuthToken.objects.filter(user=user).order_by("-created"),
                "token_form": kwargs.get("token_form") or TokenCreateForm(),
            }
        )
        return context


def _scope_label(user) -> str:
    from santisuk.accounts.choices import ScopeChoice

    return str(ScopeChoice(user.effective_scope).label)


class TokenCreateView(LoginRequiredMixin, View):
    """Create an API token; its secret is shown on this one response and never again."""

    def post(self, request):
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return _render_profile(request, token_form=form, status=400)
        try:
            token, secret = token_create(
                user=request.user,
                actor=request.user,
                expires_in=timedelta(days=form.cleaned_data["expires_in_days"]),
            )
        except ValidationError as exc:
            form.add_error("expires_in_days", exc.messages)
            return _render_profile(request, token_form=form, status=400)
        return _render_profile(request, new_token=secret, new_token_row=token)


def _render_profile(request, status: int = 200, **extra):
    view = ProfileView()
    view.setup(request)
    context = view.get_context_data(**extra)
    context.update(extra)
    response = view.render_to_response(context)
    response.status_code = status
    # The secret is in this page: no cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, token_id: str):
        if not token_revoke(user=request.user, actor=request.user, token_id=token_id):
            raise Http404
        messages.success(request, _("The token was revoked."))
        return redirect("accounts:profile")


# --- second factor -------------------------------------------------------------------------


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


class MFAEnrolView(LoginRequiredMixin, TemplateView):
    """Enrol an authenticator app: a QR code (inline SVG, no network needed) and the secret in
    text, then one code to prove the app works."""

    template_name = "accounts/mfa_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            and not user.is_verified()
        ):
            # Someone holding only the password must not add their own device.
            return redirect(f"{reverse('accounts:mfa_verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def device(self) -> TOTPDevice:
        user = self.request.user
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        return device

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = self.device()
        context.update(
            {
                "form": kwargs.get("form") or OTPCodeForm(),
                "qr_svg": _qr_svg(device.config_url),
                "secret": b32encode(device.bin_key).decode(),
                "next": _next_url(self.request, ""),
                "mfa_required": _role_requires_mfa(self.request.user),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = OTPCodeForm(request.POST)
        device = self.device()
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save()
                # Earlier half-finished enrolments are of no use any more.
                TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            otp_login(request, device)
            request.session[HAS_DEVICE] = True
            event_record(
                name="mfa.enrolled", obj=concrete_user(request.user), data={"device": "totp"}
            )
            messages.success(request, _("Two-factor authentication is on."))
            return HttpResponseRedirect(_next_url(request, reverse("accounts:profile")))
        if form.is_valid():
            form.add_error("code", _("This code is not valid. Check the clock of your phone."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MFAVerifyView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/mfa_verify.html"

    def get(self, request, *args, **kwargs):
        if not user_has_device(request.user):
            return redirect(f"{reverse('accounts:mfa_enrol')}?{request.GET.urlencode()}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or OTPCodeForm()
        context["next"] = _next_url(self.request, "")
        return context

    def post(self, request, *args, **kwargs):
        form = OTPCodeForm(request.POST)
        device = None
        if form.is_valid():
            code = form.cleaned_data["code"]
            with transaction.atomic():
                for candidate in devices_for_user(request.user, for_verify=True):
                    if candidate.verify_token(code):
                        device = candidate
                        break
        if device is not None:
            otp_login(request, device)
            request.session[HAS_DEVICE] = True
            access_record(action="mfa.verified", obj=concrete_user(request.user), outcome="allowed")
            return HttpResponseRedirect(_next_url(request, reverse("core:home")))
        access_record(action="mfa.failed", obj=concrete_user(request.user), outcome="denied")
        if form.is_valid():
            form.add_error("code", _verify_error(request.user))
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _verify_error(user) -> str:
    # django-otp doubles the wait after each wrong code; say so rather than reject good codes
    # without a reason.
    if all(not device.verify_is_allowed()[0] for device in devices_for_user(user)):
        return _("Too many wrong codes. Wait a minute, then enter the code shown now.")
    return _("This code is not valid. Wait for a new code and try again.")


class MFADisableView(LoginRequiredMixin, View):
    """Turn the second factor off: only for a verified session and a role that allows it."""

    def post(self, request):
        user = request.user
        if _role_requires_mfa(user):
            messages.error(request, _("Your role requires two-factor authentication."))
            return redirect("accounts:profile")
        if user_has_device(user) and not user.is_verified():
            return redirect(f"{reverse('accounts:mfa_verify')}?next={reverse('accounts:profile')}")
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        request.session[HAS_DEVICE] = False
        event_record(name="mfa.disabled", obj=concrete_user(user), data={})
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:profile")


class BackupCodesView(LoginRequiredMixin, View):
    """New single-use backup codes (the old ones stop working), shown once."""

    def post(self, request):
        user = request.user
        if not user.is_verified():
            return redirect(f"{reverse('accounts:mfa_verify')}?next={reverse('accounts:profile')}")
        with transaction.atomic():
            device, _created = StaticDevice.objects.get_or_create(
                user=user, name="backup", defaults={"confirmed": True}
            )
            device.token_set.all().delete()
            codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
            StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        event_record(
            name="mfa.backup_codes_created", obj=concrete_user(user), data={"count": len(codes)}
        )
        return _render_profile(request, backup_codes=codes)
