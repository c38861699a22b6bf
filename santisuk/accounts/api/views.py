from datetime import timedelta

from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from santisuk.accounts.api.authentication import ExpiringTokenAuthentication
from santisuk.accounts.api.serializers import (
    MeSerializer,
    TokenCreatedSerializer,
    TokenCreateSerializer,
    TokenSerializer,
    UserSerializer,
)
from santisuk.accounts.filtersets import UserFilterSet
from santisuk.accounts.models import User
from santisuk.accounts.services import token_create, token_revoke
from santisuk.core.api.views import RestrictedReadOnlyViewSet


class UserViewSet(RestrictedReadOnlyViewSet):
    """Accounts inside the caller's scope (needs ``accounts.view_user``)."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    select_related = ("unit", "role")


class MeView(APIView):
    """The caller's own account, role, scope and permissions."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class TokenViewSet(viewsets.ViewSet):
    """The caller's own API tokens: list, create (the secret is in this one answer), revoke."""

    permission_classes = [IsAuthenticated]
    lookup_field = "token_id"
    lookup_value_regex = "[^/]+"

    @extend_schema(responses=TokenSerializer(many=True))
    def list(self, request):
        tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
        return Response(TokenSerializer(tokens, many=True).data)

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenCreatedSerializer})
    def create(self, request):
        if isinstance(request.successful_authenticator, ExpiringTokenAuthentication):
            # A token must not mint its own successors: new tokens come from a logged-in session
            # (where the second factor applies).
            raise PermissionDenied("Create tokens from a logged-in session, not with a token.")
        serializer = TokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        days = serializer.validated_data.get("expires_in_days")
        token, secret = token_create(
            user=request.user,
            actor=request.user,
            expires_in=timedelta(days=days) if days else None,
        )
        data = TokenSerializer(token).data | {"token": secret}
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, token_id=None):
        if not token_revoke(user=request.user, actor=request.user, token_id=token_id):
            raise NotFound
        return Response(status=status.HTTP_204_NO_CONTENT)
