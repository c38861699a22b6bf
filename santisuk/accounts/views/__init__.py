"""Pages of the accounts app. ``lockout_response`` is axes' AXES_LOCKOUT_CALLABLE."""

from santisuk.accounts.views.auth import LoginView, LogoutView, lockout_response
from santisuk.accounts.views.profile import (
    BackupCodesView,
    MFADisableView,
    MFAEnrolView,
    MFAVerifyView,
    ProfileView,
    TokenCreateView,
    TokenRevokeView,
)
from santisuk.accounts.views.users import (
    AssignmentView,
    DeactivateView,
    LockedListView,
    RoleEditView,
    RoleListView,
    UnlockView,
    UserDetailView,
    UserRegistry,
)

__all__ = [
    "AssignmentView",
    "BackupCodesView",
    "DeactivateView",
    "LockedListView",
    "LoginView",
    "LogoutView",
    "MFADisableView",
    "MFAEnrolView",
    "MFAVerifyView",
    "ProfileView",
    "RoleEditView",
    "RoleListView",
    "TokenCreateView",
    "TokenRevokeView",
    "UnlockView",
    "UserDetailView",
    "UserRegistry",
    "lockout_response",
]
