from django.conf import settings
from knox.models import AuthToken
from rest_framework import serializers

from santisuk.accounts.models import User


class UserSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.code", default=None, read_only=True)
    unit_code = serializers.CharField(source="unit.code", default=None, read_only=True)
    effective_scope = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "name_km",
            "email",
            "role",
            "unit",
            "unit_code",
            "scope",
            "effective_scope",
            "is_active",
            "last_login",
        ]
        read_only_fields = fields


class MeSerializer(UserSerializer):
    permissions = serializers.SerializerMethodField()
    mfa_required = serializers.SerializerMethodField()

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "permissions", "mfa_required"]
        read_only_fields = fields

    def get_permissions(self, user) -> list[str]:
        return sorted(user.get_all_permissions())

    def get_mfa_required(self, user) -> bool:
        return bool(user.role_id and user.role.mfa_required)


class TokenSerializer(serializers.ModelSerializer):
    token_id = serializers.CharField(source="token_key", read_only=True)

    class Meta:
        model = AuthToken
        fields = ["token_id", "created", "expiry"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    expires_in_days = serializers.IntegerField(
        min_value=1, required=False, help_text="Days until the token expires."
    )

    def validate_expires_in_days(self, value: int) -> int:
        longest = settings.API_TOKEN_TTL.days
        if value > longest:
            raise serializers.ValidationError(f"At most {longest} days.")
        return value


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret; shown only once.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields
