from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Permission
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from santisuk.accounts.choices import ScopeChoice
from santisuk.accounts.models import Role

# One message for every refusal: a wrong password, an unknown user name, a deactivated or a
# locked account all read the same, so the page never tells whether an account exists.
LOGIN_FAILED = _(
    "Invalid user name or password, or the account is locked. Ask your unit chief to unlock it."
)


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}


class OTPCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6-digit code shown by your authenticator app, or a backup code."),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class TokenCreateForm(forms.Form):
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        help_text=_("The token stops working after this many days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.API_TOKEN_TTL.days
        field = self.fields["expires_in_days"]
        field.max_value = longest
        field.initial = longest
        field.validators.append(MaxValueValidator(longest))
        field.widget.attrs["max"] = longest


class AssignmentForm(forms.Form):
    """Unit, role and scope of an account; the unit choices are those the editor can see."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.all())
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[("", _("Role's default scope")), *ScopeChoice.choices],
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from santisuk.org.models import Unit

        self.fields["unit"].queryset = (
            Unit.objects.restrict(user, "view").order_by("path") if user else Unit.objects.none()
        )


class RolePermissionsForm(forms.Form):
    permissions = forms.ModelMultipleChoiceField(
        label=_("Permissions"),
        queryset=Permission.objects.select_related("content_type").order_by(
            "content_type__app_label", "content_type__model", "codename"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
