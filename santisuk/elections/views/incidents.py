"""The incident page, its lifecycle actions and the lock-aware edit form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from santisuk.audit.services import access_record
from santisuk.core.views import ObjectDetailView, get_restricted_or_404
from santisuk.elections import forms, services
from santisuk.elections.models import Incident, Partner
from santisuk.elections.services.incidents import lock_holder

PARTY_FIELDS = ("complainant_party", "victim_party")


class IncidentDetailView(ObjectDetailView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("reports", "shared_with", "notices")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        incident = self.object
        see_party = user.has_perm("elections.see_party_affiliation")
        if not see_party:
            hidden = {Incident._meta.get_field(f).verbose_name for f in PARTY_FIELDS}
            context["fields"] = [(k, v) for k, v in context["fields"] if k not in hidden]
        else:
            access_record(action="election_incident.view_party", obj=incident)
        for name in ("lock_owner", "lock_expires_at", "case_id"):
            label = Incident._meta.get_field(name).verbose_name
            context["fields"] = [(k, v) for k, v in context["fields"] if k != label]
        can_change = Incident.objects.restrict(user, "change").filter(pk=incident.pk).exists()
        context.update(
            {
                "can_change": can_change,
                "can_assign": can_change and user.has_perm("elections.assign_incident"),
                "holder": lock_holder(incident),
                "reports": incident.reports.all(),
                "triage_form": forms.TriageForm(
                    initial={
                        "severity": incident.severity,
                        "crime_kind": incident.crime_kind,
                        "election_kind": incident.election_kind,
                    }
                ),
                "verify_form": forms.VerifyForm(),
                "assign_form": forms.AssignForm(user=user),
                "resolve_form": forms.ResolveForm(),
                "stage_form": forms.StageForm(initial={"stage": incident.stage}),
                "partners": Partner.objects.all(),
                "cases_available": services.cases_available(),
            }
        )
        return context


def _redirect(pk):
    return HttpResponseRedirect(reverse("elections:incident_detail", args=[pk]))


class IncidentActionView(LoginRequiredMixin, View):
    """POST one lifecycle step: incidents/<pk>/<action>/."""

    ACTIONS = {
        "triage": (forms.TriageForm, "elections.change_incident"),
        "verify": (forms.VerifyForm, "elections.change_incident"),
        "assign": (forms.AssignForm, "elections.assign_incident"),
        "acknowledge": (None, "elections.change_incident"),
        "start": (None, "elections.change_incident"),
        "resolve": (forms.ResolveForm, "elections.change_incident"),
        "stage": (forms.StageForm, "elections.change_incident"),
        "share": (None, "elections.change_incident"),
        "case": (None, "elections.change_incident"),
    }

    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            raise PermissionDenied
        form_class, permission = self.ACTIONS[action]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        incident = get_restricted_or_404(Incident, request.user, pk, "change")
        data = {}
        if form_class is not None:
            form = (
                form_class(request.POST, user=request.user)
                if form_class is forms.AssignForm
                else form_class(request.POST)
            )
            if not form.is_valid():
                for field, errors in form.errors.items():
                    messages.error(request, f"{field}: {' '.join(errors)}")
                return _redirect(pk)
            data = form.cleaned_data
        user = request.user
        try:
            if action == "triage":
                services.incident_triage(incident=incident, actor=user, **data)
            elif action == "verify":
                services.incident_verify(incident=incident, actor=user, outcome=data["outcome"])
            elif action == "assign":
                services.incident_assign(incident=incident, unit=data["unit"], actor=user)
            elif action == "acknowledge":
                services.incident_acknowledge(incident=incident, actor=user)
            elif action == "start":
                services.incident_start(incident=incident, actor=user)
            elif action == "resolve":
                services.incident_resolve(incident=incident, actor=user, **data)
            elif action == "stage":
                services.incident_stage_correct(incident=incident, actor=user, stage=data["stage"])
            elif action == "share":
                partner = Partner.objects.filter(pk=request.POST.get("partner") or 0).first()
                if partner is None:
                    raise ValidationError(_("Choose the partner to share with."))
                services.incident_share(incident=incident, partner=partner, actor=user)
            elif action == "case":
                case = services.incident_open_case(incident=incident, actor=user)
                messages.success(request, _("Case %(ref)s opened.") % {"ref": case})
                return _redirect(pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Incident updated."))
        return _redirect(pk)


class IncidentEditView(LoginRequiredMixin, View):
    """Opening the form takes the edit lock; saving releases it."""

    template_name = "elections/incident_edit.html"

    def _incident(self, request, pk):
        if not request.user.has_perm("elections.change_incident"):
            raise PermissionDenied
        return get_restricted_or_404(Incident, request.user, pk, "change")

    def get(self, request, pk):
        incident = self._incident(request, pk)
        try:
            services.incident_lock(incident=incident, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _redirect(pk)
        form = forms.IncidentForm(instance=incident, user=request.user)
        return render(request, self.template_name, {"form": form, "object": incident})

    def post(self, request, pk):
        incident = self._incident(request, pk)
        form = forms.IncidentForm(request.POST, instance=incident, user=request.user)
        if form.is_valid():
            try:
                services.incident_update(
                    incident=incident,
                    actor=request.user,
                    **{name: form.cleaned_data[name] for name in form.changed_data},
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Incident saved."))
                return _redirect(pk)
        return render(request, self.template_name, {"form": form, "object": incident})
