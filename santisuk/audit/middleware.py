from santisuk.audit import context


class AuditContextMiddleware:
    """Attributes every write during a request to the request's user, unit and id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        ctx = context.for_user(
            getattr(request, "user", None),
            request_id=getattr(request, "request_id", ""),
            source=source,
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        with context.using(ctx):
            return self.get_response(request)
