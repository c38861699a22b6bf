from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    """Permissions come from the user's role (its group), read fresh on every request, so a
    change of role applies on the user's very next request."""

    def _get_group_permissions(self, user_obj):
        if not user_obj.role_id:
            return Permission.objects.none()
        return Permission.objects.filter(group__role__pk=user_obj.role_id)
