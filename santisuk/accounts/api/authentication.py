from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication

from santisuk.audit import context as audit_context


class ExpiringTokenAuthentication(TokenAuthentication):
    """Knox tokens: stored hashed, each with an expiry (``REST_KNOX["TOKEN_TTL"]``). An expired
    token is deleted on its next use and, like a revoked one, answers 401.

    Token requests are authenticated after the middleware set the audit context, which saw an
    anonymous request: writes made through the API must be attributed to the token's user."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            user, _token = result
            ctx = audit_context.current()
            audit_context._current.set(
                audit_context.for_user(
                    user,
                    request_id=ctx.request_id,
                    source="api",
                    ip_address=ctx.ip_address,
                )
            )
        return result


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """How the token is sent, for the OpenAPI schema and Swagger UI's "Authorize" button."""

    target_class = ExpiringTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An API token from your profile page, sent as "Token <token>".',
        }
