"""Intake channels: call-taker, police post, referral, public web tip and the SMS gateway."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from santisuk.core.throttle import throttle_hit
from santisuk.core.views import get_restricted_or_404
from santisuk.elections.choices import Channel
from santisuk.elections.forms import AttachForm, IntakeForm, TipForm
from santisuk.elections.models import Incident, IntakeReport
from santisuk.elections.services import (
    current_election,
    incident_from_report,
    intake_attach,
    intake_create,
    sms_receive,
)

CHANNEL_TITLES = {
    Channel.CALL: _("Call-taker form"),
    Channel.POST: _("Police post report"),
    Channel.REFERRAL: _("Referral from the NEC or an electoral commission"),
}


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class IntakeView(LoginRequiredMixin, View):
    channel = Channel.CALL
    template_name = "elections/intake_form.html"

    def allowed(self, user) -> bool:
        if self.channel == Channel.REFERRAL and user.election_partners.exists():
            return True
        return user.has_perm("elections.add_intakereport")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, form):
        return render(
            request,
            self.template_name,
            {"form": form, "title": CHANNEL_TITLES[self.channel], "channel": self.channel},
        )

    def get(self, request):
        return self.render(
            request, IntakeForm(channel=self.channel, initial={"election": current_election()})
        )

    def post(self, request):
        form = IntakeForm(request.POST, channel=self.channel)
        if form.is_valid():
            data = dict(form.cleaned_data)
            partner = request.user.election_partners.first()
            try:
                report = intake_create(
                    channel=self.channel,
                    actor=request.user,
                    partner=partner if self.channel == Channel.REFERRAL else None,
                    verified_source=self.channel != Channel.WEB,
                    **data,
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Report recorded."))
                if IntakeReport.objects.restrict(request.user).filter(pk=report.pk).exists():
                    return HttpResponseRedirect(
                        reverse("elections:intakereport_detail", args=[report.pk])
                    )
                return HttpResponseRedirect(request.path)
        return self.render(request, form)


class TipView(View):
    """The public web tip: no login; a few tips per address per hour."""

    template_name = "elections/tip.html"

    def get(self, request):
        return render(request, self.template_name, {"form": TipForm()})

    def post(self, request):
        if throttle_hit(request, "elections.tip"):
            return render(
                request,
                self.template_name,
                {
                    "form": TipForm(request.POST),
                    "throttled": _("Too many tips from this address; please try again later."),
                },
                status=429,
            )
        form = TipForm(request.POST)
        election = current_election()
        if form.is_valid() and election is not None:
            intake_create(
                election=election,
                channel=Channel.WEB,
                text=form.cleaned_data["text"],
                area=form.cleaned_data["area"],
                reporter_phone=form.cleaned_data["phone"],
            )
            return render(request, self.template_name, {"form": TipForm(), "thanks": True})
        if election is None:
            form.add_error(None, _("No election is being monitored at the moment."))
        return render(request, self.template_name, {"form": form}, status=400)


@method_decorator(csrf_exempt, name="dispatch")
class SmsGatewayView(View):
    """POST from the SMS gateway: ``from``, ``text`` and optionally ``id`` (form or JSON), with
    the shared secret in the ``X-Gateway-Secret`` header."""

    def post(self, request):
        secret = getattr(settings, "ELECTIONS_SMS_SECRET", "")
        if not secret:
            return JsonResponse({"error": _("The SMS gateway is not configured.")}, status=503)
        given = request.headers.get("X-Gateway-Secret", "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return JsonResponse({"error": _("Wrong or missing gateway secret.")}, status=403)
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return JsonResponse({"error": _("The body is not valid JSON.")}, status=400)
            if not isinstance(data, dict):
                return JsonResponse({"error": _("The body must be a JSON object.")}, status=400)
        else:
            data = request.POST
        sender = str(data.get("from") or "").strip()
        text = str(data.get("text") or "").strip()
        errors = {}
        if not sender:
            errors["from"] = [_("The sender's number is required.")]
        if not text:
            errors["text"] = [_("The message text is required.")]
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        try:
            report, created = sms_receive(
                sender=sender, text=text[:4000], external_id=str(data.get("id") or "")[:100]
            )
        except ValidationError as error:
            return JsonResponse({"errors": error.messages}, status=400)
        return JsonResponse(
            {"report": report.pk, "created": created, "verified": report.verified_source},
            status=201 if created else 200,
        )


class IntakeOpenView(LoginRequiredMixin, View):
    """Triage of a report: open a new incident from it, or attach it to an existing one."""

    def post(self, request, pk):
        if not request.user.has_perm("elections.add_incident"):
            raise PermissionDenied
        report = get_restricted_or_404(IntakeReport, request.user, pk, "change")
        try:
            if "number" in request.POST:
                form = AttachForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Give the number of the incident."))
                incident = (
                    Incident.objects.restrict(request.user, "change")
                    .filter(number=form.cleaned_data["number"].strip().upper())
                    .first()
                )
                if incident is None:
                    raise ValidationError(_("No incident you may edit has that number."))
                intake_attach(report=report, incident=incident, actor=request.user)
            else:
                incident = incident_from_report(report=report, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("elections:intakereport_detail", args=[pk]))
        return HttpResponseRedirect(reverse("elections:incident_detail", args=[incident.pk]))
