"""Pages of the case records: list and search, detail with its parts and history, the form,
the workflow buttons, the investigator's work list and the repeat-offender view. Every page
starts from ``Case.objects.restrict``; workflow actions call the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View, generic

from santisuk.audit.services import access_record
from santisuk.cases import forms, services
from santisuk.cases.choices import WorkflowState
from santisuk.cases.exports import CASE_COLUMNS, CRIME_TYPE_COLUMNS
from santisuk.cases.filtersets import CaseFilterSet, CrimeTypeFilterSet
from santisuk.cases.imports import CaseImporter
from santisuk.cases.models import Arrest, Case, CrimeType
from santisuk.cases.tables import CaseTable, CrimeTypeTable
from santisuk.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Registry,
    RestrictedMixin,
    get_restricted_or_404,
)
from santisuk.people.models import Person

CASE_PREFETCH = ("offences__crime_type", "parties__person", "arrests")


class CaseRegistry(Registry):
    model = Case
    filterset_class = CaseFilterSet
    table_class = CaseTable
    form_class = forms.CaseForm
    importer_class = CaseImporter
    export_columns = CASE_COLUMNS
    select_related = ("place", "province", "owner_unit")


class CrimeTypeRegistry(Registry):
    model = CrimeType
    filterset_class = CrimeTypeFilterSet
    table_class = CrimeTypeTable
    export_columns = CRIME_TYPE_COLUMNS


class CaseListView(ObjectListView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related(*CASE_PREFETCH)

    def get(self, request, *args, **kwargs):
        if request.GET.get("person"):
            # A search for a person across cases is a sensitive read.
            access_record(
                action="case.search",
                actor=request.user,
                query={k: v for k, v in request.GET.items() if k != "page"},
            )
        return super().get(request, *args, **kwargs)


class CaseDetailView(ObjectDetailView):
    template_name = "cases/case_detail.html"

    def get_template_names(self):
        return [self.template_name]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(*CASE_PREFETCH, "investigators")

    # Set by CaseActionView when a form comes back with errors: the page is shown again with
    # that form open, filled in as the user left it, and the errors next to the fields.
    bound_forms: dict = {}
    open_action = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        if case.is_restricted:
            access_record(action="case.view_restricted", actor=user, obj=case)
        editable = case.is_editable and user.has_perm("cases.change_case")
        may_approve = Case.objects.restrict(user, "approve").filter(pk=case.pk).exists()
        can_record = user.has_perm("cases.change_case")
        offences = case.offences.all()
        codes = {o.crime_type.code for o in offences}
        arrests = case.arrests.select_related("person", "arresting_unit")
        # A submitted case waits for its review; otherwise the particulars are edited (on an
        # approved case, as a correction with a reason).
        details_open = can_record and case.workflow_state != WorkflowState.SUBMITTED
        has_fire, has_crash = bool(codes & {"fire", "arson"}), "traffic_crash" in codes
        context.update(
            {
                "case": case,
                "offences": offences,
                "parties": case.parties.select_related("person"),
                "arrests": arrests,
                "seizures": case.seizures.all(),
                "notes": case.notes.select_related("author"),
                "fire": getattr(case, "fire", None),
                "crash": getattr(case, "traffic_crash", None),
                "has_fire": has_fire,
                "has_crash": has_crash,
                "can_change": editable,
                "can_record": can_record,
                "can_submit": editable,
                "can_review": may_approve and case.workflow_state == WorkflowState.SUBMITTED,
                "can_correct": case.workflow_state == WorkflowState.APPROVED and can_record,
                "can_transfer": Case.objects.restrict(user, "transfer").filter(pk=case.pk).exists(),
                "can_edit_fire": details_open and has_fire,
                "can_edit_crash": details_open and has_crash,
                "can_set_outcome": can_record and bool(arrests),
                "can_assign": may_approve,
                "open_action": self.open_action,
                "return_form": forms.ReturnForm(),
                "transfer_form": forms.TransferForm(),
                "status_form": forms.StatusForm(),
                "supplement_form": forms.SupplementForm(),
                "party_form": forms.PartyForm(),
                "arrest_form": forms.ArrestForm(),
                "seizure_form": forms.SeizureForm(),
            }
        )
        if context["can_edit_fire"]:
            context["fire_form"] = forms.FireDetailsForm(case=case)
        if context["can_edit_crash"]:
            context["crash_form"] = forms.TrafficCrashDetailsForm(case=case)
        if context["can_set_outcome"]:
            context["outcome_form"] = forms.ArrestOutcomeForm(case=case)
        if may_approve:
            context["assign_form"] = forms.InvestigatorAssignForm(case=case, user=user)
            context["unassign_form"] = forms.InvestigatorUnassignForm(case=case)
        context.update(self.bound_forms)
        return context


class CaseEditView(ObjectEditView):
    template_name = "core/object_edit.html"

    def get_queryset(self):
        # Only a draft or a returned case is edited directly.
        return (
            super()
            .get_queryset()
            .filter(workflow_state__in=(WorkflowState.DRAFT, WorkflowState.RETURNED))
        )

    def form_valid(self, form):
        data = form.service_kwargs()
        try:
            if self.object is None:
                self.object = services.case_create(actor=self.request.user, **data)
            else:
                self.object = services.case_update(
                    case=self.object, actor=self.request.user, **data
                )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        return redirect(self.object.get_absolute_url())


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages_ in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, exc.messages)


class CaseActionView(RestrictedMixin, View):
    """A POST button on the case page: the form is checked, the service called, and the user
    goes back to the case with a message saying what happened or why not."""

    model = Case
    action = "view"
    verb = ""

    def post(self, request, pk):
        case = get_restricted_or_404(Case, request.user, pk, "view")
        self.bound = None
        try:
            message = getattr(self, f"do_{self.verb}")(request, case)
        except ValidationError as exc:
            if self.bound is not None:
                return self._show_errors(request, case, exc)
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("You may not do this."))
        else:
            messages.success(request, message)
        if not Case.objects.restrict(request.user).filter(pk=case.pk).exists():
            return redirect("cases:case_list")  # transferred out of the user's scope
        return redirect(case.get_absolute_url())

    def _form(self, form_class, request, **kwargs):
        form = form_class(request.POST, **kwargs)
        self.bound = form
        if not form.is_valid():
            raise ValidationError(_("Check the form."))
        return form.cleaned_data

    def _show_errors(self, request, case, exc: ValidationError):
        """Show the case again with the form open as the user filled it in, each error next to
        its field, and a message naming the fields and the rules."""
        form = self.bound
        if not form.errors:  # the form was fine: the error comes from the service's rules
            _add_errors(form, exc)
        summary = " ".join(
            f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        )
        messages.error(request, summary)
        view = CaseDetailView(
            registry=CaseRegistry,
            bound_forms={self.form_name: form},
            open_action=f"cases:case_{self.verb}",
        )
        view.setup(request, pk=case.pk)
        return view.get(request, pk=case.pk)

    @property
    def form_name(self) -> str:
        return VERB_FORMS.get(self.verb, f"{self.verb}_form")

    def _change(self, request):
        if not request.user.has_perm("cases.change_case"):
            raise PermissionDenied

    def do_submit(self, request, case):
        self._change(request)
        services.case_submit(case=case, actor=request.user)
        return _("Submitted for approval.")

    def do_approve(self, request, case):
        services.case_approve(case=case, actor=request.user)
        return _("Approved: the case now counts in the statistics.")

    def do_return(self, request, case):
        data = self._form(forms.ReturnForm, request)
        services.case_return(case=case, comments=data["comments"], actor=request.user)
        return _("Returned to its author with your comments.")

    def do_supplement(self, request, case):
        self._change(request)
        data = self._form(forms.SupplementForm, request)
        services.case_supplement(case=case, text=data["text"], actor=request.user)
        return _("Supplement added.")

    def do_status(self, request, case):
        self._change(request)
        data = self._form(forms.StatusForm, request)
        services.case_status_set(case=case, actor=request.user, **data)
        return _("Status changed.")

    def do_transfer(self, request, case):
        data = self._form(forms.TransferForm, request)
        services.case_transfer(
            case=case, to_unit=data["to_unit"], reason=data["reason"], actor=request.user
        )
        return _("Case transferred to %(unit)s.") % {"unit": data["to_unit"]}

    def _person(self, request, pk):
        try:
            return Person.objects.restrict(request.user).get(pk=pk)
        except Person.DoesNotExist:
            raise ValidationError(_("No person with record number %(n)s.") % {"n": pk}) from None

    def do_party(self, request, case):
        self._change(request)
        data = self._form(forms.PartyForm, request)
        services.case_party_add(
            case=case,
            person=self._person(request, data["person"]),
            role=data["role"],
            relationship=data["relationship"],
            actor=request.user,
        )
        return _("Person added to the case.")

    def do_arrest(self, request, case):
        self._change(request)
        data = self._form(forms.ArrestForm, request)
        person = self._person(request, data.pop("person"))
        services.arrest_record(case=case, person=person, actor=request.user, **data)
        return _("Arrest recorded.")

    def do_seizure(self, request, case):
        self._change(request)
        data = self._form(forms.SeizureForm, request)
        services.seizure_add(case=case, actor=request.user, **data)
        return _("Seizure recorded.")

    def _details(self, request, case, form_class, service, label):
        self._change(request)
        data = self._form(form_class, request, case=case)
        service(case=case, actor=request.user, **data)
        return label

    def do_fire(self, request, case):
        return self._details(
            request,
            case,
            forms.FireDetailsForm,
            services.fire_details_set,
            _("Fire details saved."),
        )

    def do_crash(self, request, case):
        return self._details(
            request,
            case,
            forms.TrafficCrashDetailsForm,
            services.traffic_crash_details_set,
            _("Traffic crash details saved."),
        )

    def do_outcome(self, request, case):
        self._change(request)
        data = self._form(forms.ArrestOutcomeForm, request, case=case)
        arrest = services.arrest_outcome_set(actor=request.user, **data)
        return _("What followed the arrest of %(person)s is recorded.") % {"person": arrest.person}

    def _may_assign(self, request, case):
        # Checked before the form so that someone without the right is told so, not shown
        # errors on a form they cannot use; the service checks again.
        if not Case.objects.restrict(request.user, "approve").filter(pk=case.pk).exists():
            raise PermissionDenied(_("You may not change the investigators of this case."))

    def do_assign(self, request, case):
        self._may_assign(request, case)
        data = self._form(forms.InvestigatorAssignForm, request, case=case, user=request.user)
        services.case_investigator_assign(case=case, actor=request.user, **data)
        return _("%(who)s is now an investigator on this case.") % {
            "who": forms.UserChoiceField.name(data["investigator"])
        }

    def do_unassign(self, request, case):
        self._may_assign(request, case)
        data = self._form(forms.InvestigatorUnassignForm, request, case=case)
        services.case_investigator_unassign(case=case, actor=request.user, **data)
        return _("%(who)s is no longer an investigator on this case.") % {
            "who": forms.UserChoiceField.name(data["investigator"])
        }


# The context name of each action's form on the case page, where it differs from the verb.
VERB_FORMS = {
    "fire": "fire_form",
    "crash": "crash_form",
    "outcome": "outcome_form",
    "assign": "assign_form",
    "unassign": "unassign_form",
}


class WorkListView(RestrictedMixin, generic.TemplateView):
    """The cases an investigator is named on that are not finished, the user's drafts and the
    cases returned to them, and what awaits their review."""

    model = Case
    template_name = "cases/worklist.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visible = Case.objects.restrict(user).select_related("place", "owner_unit")
        context["mine"] = mine = list(
            visible.filter(investigators=user)
            .exclude(workflow_state=WorkflowState.APPROVED, status__in=("unfounded", "closed"))
            .prefetch_related("offences__crime_type")
            .order_by("reported_on")
        )
        today = timezone.localdate()
        for case in mine:
            case.days_since = (today - case.reported_on).days
        context["returned"] = visible.filter(created_by=user, workflow_state=WorkflowState.RETURNED)
        context["drafts"] = visible.filter(
            created_by=user, workflow_state=WorkflowState.DRAFT
        ).order_by("-created_at")
        context["to_review"] = (
            Case.objects.restrict(user, "approve")
            .filter(workflow_state=WorkflowState.SUBMITTED)
            .select_related("place", "owner_unit")
            .order_by("submitted_at")
        )
        return context


class RepeatOffenderView(RestrictedMixin, generic.TemplateView):
    """People arrested N times or more in a period, within the cases the user may see."""

    model = Arrest
    template_name = "cases/repeat_offenders.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = forms.RepeatOffenderForm(self.request.GET or None)
        rows = None
        if form.is_valid():
            data = form.cleaned_data
            arrests = Arrest.objects.restrict(self.request.user).filter(
                arrested_on__gte=data["since"], arrested_on__lte=data["until"]
            )
            counts = (
                arrests.values("person")
                .annotate(n=Count("pk"), first=Min("arrested_on"), last=Max("arrested_on"))
                .filter(n__gte=data["arrests"])
                .order_by("-n", "person")
            )[:500]
            people = Person.objects.in_bulk([r["person"] for r in counts])
            rows = [{**r, "person": people[r["person"]]} for r in counts]
            access_record(
                action="case.repeat_offenders",
                actor=self.request.user,
                query={k: str(v) for k, v in data.items()},
                result_count=len(rows),
            )
        context.update({"form": form, "rows": rows})
        return context
