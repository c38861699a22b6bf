"""Accounts seen by chiefs and administrators: list, detail, assignment, deactivation, locked
accounts and the permissions of roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from santisuk.accounts.filtersets import UserFilterSet
from santisuk.accounts.forms import AssignmentForm, RolePermissionsForm
from santisuk.accounts.models import AccountLock, Role, User
from santisuk.accounts.services import (
    role_permissions_set,
    user_can_unlock,
    user_deactivate,
    user_unlock,
    user_update_assignment,
    users_unlockable,
)
from santisuk.accounts.tables import UserTable
from santisuk.core.views import ObjectDetailView, Registry, get_restricted_or_404


class UserRegistry(Registry):
    model = User
    filterset_class = UserFilterSet
    table_class = UserTable
    detail_template = "accounts/user_detail.html"
    list_template = "accounts/user_list.html"
    select_related = ("unit", "role")
    export_columns = [
        (gettext_lazy("User name"), lambda u: u.username),
        (gettext_lazy("Name"), lambda u: u.get_full_name()),
        (gettext_lazy("Name (Khmer)"), lambda u: u.name_km),
        (gettext_lazy("Role"), lambda u: u.role.get_code_display() if u.role_id else ""),
        (gettext_lazy("Unit"), lambda u: u.unit.code if u.unit_id else ""),
        (gettext_lazy("Scope"), lambda u: u.effective_scope),
        (gettext_lazy("Active"), lambda u: u.is_active),
        (gettext_lazy("Last login"), lambda u: u.last_login),
    ]


class UserDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        target = self.object
        actor = self.request.user
        context.update(
            {
                "profile": target,
                "is_locked": AccountLock.objects.filter(username=target.username).exists(),
                "can_unlock": user_can_unlock(actor, target),
                "can_manage": User.objects.restrict(actor, "change").filter(pk=target.pk).exists(),
                "session_count": target.login_sessions.count(),
                "token_count": target.auth_token_set.count(),
            }
        )
        return context


class AssignmentView(LoginRequiredMixin, TemplateView):
    """Change a user's unit, role or scope; it applies on their next request."""

    template_name = "accounts/user_assignment.html"

    def target(self) -> User:
        if not self.request.user.has_perm("accounts.change_user"):
            raise PermissionDenied
        return get_restricted_or_404(User, self.request.user, self.kwargs["pk"], "change")

    def get(self, request, pk):
        target = self.target()
        form = AssignmentForm(
            user=request.user,
            initial={"unit": target.unit_id, "role": target.role_id, "scope": target.scope},
        )
        return self.render_to_response({"form": form, "profile": target})

    def post(self, request, pk):
        target = self.target()
        form = AssignmentForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                user_update_assignment(
                    user=target,
                    unit=form.cleaned_data["unit"],
                    role=form.cleaned_data["role"],
                    scope=form.cleaned_data["scope"],
                    actor=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The assignment was changed."))
                return redirect("accounts:user_detail", pk=target.pk)
        return self.render_to_response({"form": form, "profile": target}, status=400)


class DeactivateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        if not request.user.has_perm("accounts.change_user"):
            raise PermissionDenied
        target = get_restricted_or_404(User, request.user, pk, "change")
        try:
            user_deactivate(user=target, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The account was deactivated and its sessions ended."))
        return redirect("accounts:user_detail", pk=target.pk)


class LockedListView(LoginRequiredMixin, TemplateView):
    """Locked accounts the user may unlock (their role allows it, inside their scope)."""

    template_name = "accounts/locked_list.html"

    def get(self, request, *args, **kwargs):
        if not user_can_unlock(request.user):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locks = {lock.username: lock for lock in AccountLock.objects.all()}
        users = (
            users_unlockable(self.request.user)
            .filter(username__in=list(locks))
            .select_related("unit", "role")
        )
        context["locked"] = [(user, locks[user.username]) for user in users]
        return context


class UnlockView(LoginRequiredMixin, View):
    def post(self, request, pk):
        if not user_can_unlock(request.user):
            raise PermissionDenied
        target = get_object_or_404(users_unlockable(request.user), pk=pk)
        user_unlock(user=target, actor=request.user)
        messages.success(
            request, _("The account %(username)s was unlocked.") % {"username": target.username}
        )
        if request.POST.get("return_to") == "detail":
            return redirect("accounts:user_detail", pk=target.pk)
        return redirect("accounts:locked_list")


class RoleListView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/role_list.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.view_role"):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles"] = Role.objects.select_related("group").order_by("code")
        context["can_change"] = self.request.user.has_perm("accounts.change_role")
        return context


class RoleEditView(LoginRequiredMixin, TemplateView):
    """The permissions of one role, as checkboxes grouped by module."""

    template_name = "accounts/role_edit.html"

    def role(self) -> Role:
        if not self.request.user.has_perm("accounts.change_role"):
            raise PermissionDenied
        return get_object_or_404(Role.objects.select_related("group"), pk=self.kwargs["pk"])

    def context(self, role: Role, form: RolePermissionsForm) -> dict:
        groups: dict[str, list] = {}
        for choice in form["permissions"]:
            permission = choice.data["value"].instance
            groups.setdefault(permission.content_type.app_label, []).append(choice)
        return {"role": role, "form": form, "groups": sorted(groups.items())}

    def get(self, request, pk):
        role = self.role()
        form = RolePermissionsForm(initial={"permissions": list(role.group.permissions.all())})
        return self.render_to_response(self.context(role, form))

    def post(self, request, pk):
        role = self.role()
        form = RolePermissionsForm(request.POST)
        if form.is_valid():
            role_permissions_set(
                role=role, permissions=form.cleaned_data["permissions"], actor=request.user
            )
            messages.success(request, _("The permissions of the role were saved."))
            return redirect("accounts:role_list")
        return self.render_to_response(self.context(role, form), status=400)
