import re
import uuid

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def is_api_request(request) -> bool:
    """Whether the request is for the REST API (answered in JSON), not a page."""
    return request.path.startswith("/api/")


class RequestIdMiddleware:
    """Give every request an id (or keep a proxy's X-Request-ID) for the audit trail and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class NulCharacterMiddleware:
    """Refuse, with 400, a request whose address or query holds a NUL character (``%00``): no
    field accepts one (forms and serializers refuse it), and PostgreSQL refuses any text that
    holds it, so a search or a look-up given one straight from the query would fail with a
    server error instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("The address holds a NUL character (%00), which no field accepts.")
            if is_api_request(request):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
