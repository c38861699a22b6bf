from django.urls import path

from santisuk.accounts import views
from santisuk.core.views import ObjectListView

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/tokens/", views.TokenCreateView.as_view(), name="token_create"),
    path(
        "profile/tokens/<str:token_id>/revoke/",
        views.TokenRevokeView.as_view(),
        name="token_revoke",
    ),
    path("mfa/enrol/", views.MFAEnrolView.as_view(), name="mfa_enrol"),
    path("mfa/verify/", views.MFAVerifyView.as_view(), name="mfa_verify"),
    path("mfa/disable/", views.MFADisableView.as_view(), name="mfa_disable"),
    path("mfa/backup-codes/", views.BackupCodesView.as_view(), name="mfa_backup_codes"),
    path("users/", ObjectListView.as_view(registry=views.UserRegistry), name="user_list"),
    path(
        "users/<int:pk>/",
        views.UserDetailView.as_view(registry=views.UserRegistry),
        name="user_detail",
    ),
    path("users/<int:pk>/assignment/", views.AssignmentView.as_view(), name="user_assign"),
    path("users/<int:pk>/deactivate/", views.DeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/unlock/", views.UnlockView.as_view(), name="user_unlock"),
    path("locked/", views.LockedListView.as_view(), name="locked_list"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/<int:pk>/", views.RoleEditView.as_view(), name="role_edit"),
]
