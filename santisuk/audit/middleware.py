from santisuk.audit import context
from santisuk.core.middleware import is_api_request


class AuditContextMiddleware:
    """Attributes every write during a request to the request's user, unit and id.

    The user is read when an entry is written, not when the request arrives: API token
    authentication happens inside the view, after this middleware has run.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if is_api_request(request) else "web"
        request_id = getattr(request, "request_id", "")
        ip_address = request.META.get("REMOTE_ADDR")

        def resolve() -> context.AuditContext:
            return context.for_user(
                getattr(request, "user", None),
                request_id=request_id,
                source=source,
                ip_address=ip_address,
            )

        with context.using(resolve):
            return self.get_response(request)
