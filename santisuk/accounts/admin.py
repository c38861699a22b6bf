from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from santisuk.accounts.models import AccountLock, Role, User, UserSession
from santisuk.accounts.services import role_permissions_set


class RoleAdminForm(forms.ModelForm):
    """A role with its group's permissions editable on the same page."""

    permissions = forms.ModelMultipleChoiceField(
        label=_("Permissions"),
        queryset=Permission.objects.select_related("content_type"),
        required=False,
        widget=FilteredSelectMultiple(_("permissions"), is_stacked=False),
    )

    class Meta:
        model = Role
        fields = ["code", "default_scope", "mfa_required", "can_unlock_accounts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["permissions"].initial = list(self.instance.group.permissions.all())


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    form = RoleAdminForm
    list_display = ["code", "default_scope", "mfa_required", "can_unlock_accounts"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False  # the seven roles are created by roles_sync

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        role_permissions_set(
            role=obj, permissions=form.cleaned_data["permissions"], actor=request.user
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["role", "unit"]
    search_fields = ["username", "first_name", "last_name", "name_km", "email"]
    autocomplete_fields: list[str] = []
    raw_id_fields = ["unit"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Santisuk"), {"fields": ("name_km", "unit", "role", "scope")}),
    )


@admin.register(AccountLock)
class AccountLockAdmin(admin.ModelAdmin):
    list_display = ["username", "locked_at", "ip_address"]
    search_fields = ["username"]
    readonly_fields = ["username", "locked_at", "ip_address"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # unlocking goes through the locked accounts page, which audits it


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "ip_address"]
    readonly_fields = ["user", "session_key", "created_at", "ip_address"]

    def has_add_permission(self, request):
        return False


def _login_through_santisuk(request, extra_context=None):
    # Every login goes through the hardened page: throttle, lockout, audit and second factor.
    return redirect_to_login(
        request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"), reverse("accounts:login")
    )


admin.site.login = _login_through_santisuk
