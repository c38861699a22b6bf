"""Pages of the person index. Unlike the other registries the list is a search: nothing is shown
until the user says what they look for and why, and every search, export and record read is
logged with that reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django_tables2 import RequestConfig

from santisuk.core.exports import FORMATS, export_response
from santisuk.core.views import ObjectEditView, Registry, RestrictedMixin, get_restricted_or_404
from santisuk.people.choices import MergeStatus
from santisuk.people.exports import PERSON_COLUMNS
from santisuk.people.forms import IdentifierForm, MergeProposeForm, PersonForm, PersonSearchForm
from santisuk.people.models import Person, PersonMerge
from santisuk.people.selectors import person_get, person_merges, person_search, person_sections
from santisuk.people.services import (
    person_identifier_add,
    person_merge_approve,
    person_merge_propose,
    person_merge_reject,
    person_merge_reverse,
)
from santisuk.people.tables import PersonTable

SESSION_REASON = "people_search_reason"


class PersonRegistry(Registry):
    model = Person
    form_class = PersonForm
    export_columns = PERSON_COLUMNS


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class PersonListView(RestrictedMixin, generic.TemplateView):
    model = Person
    template_name = "people/person_list.html"

    def get(self, request, *args, **kwargs):
        params = {
            k: v
            for k, v in request.GET.items()
            if k in ("name", "identifier", "birth_year", "reason")
        }
        form = PersonSearchForm(params or None)
        results = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            fmt = request.GET.get("export")
            export = fmt if fmt in FORMATS else None
            results = person_search(
                user=request.user,
                name=data.get("name"),
                identifier=data.get("identifier"),
                birth_year=data.get("birth_year"),
                reason=data["reason"],
                log_extra={"export": export} if export else None,
            )
            request.session[SESSION_REASON] = data["reason"]
            if export:
                return export_response(results, PERSON_COLUMNS, export, "people")
        context = self.get_context_data(form=form)
        if results is not None:
            table = PersonTable(results)
            RequestConfig(request, paginate={"per_page": 50}).configure(table)
            context["table"] = table
            context["result_count"] = len(results)
            context["export_formats"] = FORMATS
        context["can_add"] = request.user.has_perm("people.add_person")
        return self.render_to_response(context)


class PersonDetailView(RestrictedMixin, generic.TemplateView):
    model = Person
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        user = request.user
        reason = request.GET.get("reason") or request.session.get(SESSION_REASON, "")
        person = person_get(user=user, pk=self.kwargs["pk"], reason=reason)
        context.update(
            {
                "object": person,
                "identifiers": person.identifiers.order_by("kind", "number"),
                "merges": person_merges(person=person, user=user),
                "merged_from": person.merged_from.order_by("pk"),
                "can_change": user.has_perm("people.change_person") and person.is_active,
                "can_propose": user.has_perm("people.add_personmerge") and person.is_active,
                "identifier_form": IdentifierForm(),
                "sections": person_sections(person, user),
            }
        )
        return context


class PersonEditView(ObjectEditView):
    """The generic edit page; opening a record to edit it is a read and is logged as one."""

    def get(self, request, *args, **kwargs):
        if "pk" in kwargs:
            person_get(
                user=request.user, pk=kwargs["pk"], reason=_("opened for editing"), action="change"
            )
        return super().get(request, *args, **kwargs)


class IdentifierAddView(RestrictedMixin, generic.View):
    model = Person
    action = "change"

    def post(self, request, pk):
        person = get_restricted_or_404(Person, request.user, pk, "change")
        form = IdentifierForm(request.POST)
        if form.is_valid():
            try:
                person_identifier_add(person=person, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Document added."))
            except ValidationError as exc:
                messages.error(request, _errors(exc))
        else:
            messages.error(
                request,
                " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
            )
        return redirect("people:person_detail", pk=person.pk)


class MergeProposeView(RestrictedMixin, generic.FormView):
    model = PersonMerge
    action = "add"
    template_name = "people/merge_propose.html"
    form_class = MergeProposeForm

    @cached_property
    def source(self) -> Person:
        return get_restricted_or_404(Person, self.request.user, self.kwargs["pk"], "view")

    def get(self, request, *args, **kwargs):
        if not self.source.is_active:
            messages.error(request, _("This record has already been merged into another one."))
            return redirect("people:person_detail", pk=self.source.pk)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "source": self.source}

    def form_valid(self, form):
        try:
            person_merge_propose(
                source=self.source,
                target=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Merge proposed. Another person must approve it before it applies.")
        )
        return redirect("people:merge_list")


class MergeListView(RestrictedMixin, generic.TemplateView):
    model = PersonMerge
    template_name = "people/merge_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        merges = PersonMerge.objects.restrict(self.request.user, "view").select_related(
            "source", "target", "proposed_by", "approved_by", "rejected_by", "reversed_by"
        )
        context.update(
            {
                "pending": merges.filter(status=MergeStatus.PROPOSED),
                "approved": merges.filter(status=MergeStatus.APPROVED)[:200],
                "closed": merges.filter(status__in=[MergeStatus.REJECTED, MergeStatus.REVERSED])[
                    :50
                ],
                "can_decide": self.request.user.has_perm("people.change_personmerge"),
            }
        )
        return context


class MergeDecisionView(RestrictedMixin, generic.View):
    model = PersonMerge
    action = "change"
    decision = ""
    services = {
        "approve": (person_merge_approve, gettext_lazy("Merge approved: the records are now one.")),
        "reject": (person_merge_reject, gettext_lazy("Merge rejected.")),
        "reverse": (person_merge_reverse, gettext_lazy("Merge reversed: both records are back.")),
    }

    def post(self, request, pk):
        merge = get_restricted_or_404(PersonMerge, request.user, pk, "change")
        service, message = self.services[self.decision]
        try:
            service(merge=merge, actor=request.user)
            messages.success(request, message)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect(reverse("people:merge_list"))
