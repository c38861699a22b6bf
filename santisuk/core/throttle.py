"""Per-address allowances for requests made before anyone is known: logins, public tips, receipt
look-ups.

One mechanism for all of them, backed by the database so that an allowance holds across every
worker process (a per-process cache would give each worker its own count). Each allowance is
declared in ``settings.THROTTLES`` as ``name: (requests, seconds)``. The table keeps a keyed hash
of the address, never the address itself, and only for the allowance's window.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from santisuk.core.models import ThrottleHit


def client_address(request) -> str | None:
    # The address axes records (it follows the configured proxy headers), so the throttles and
    # the login failure log agree on who a client is.
    return get_client_ip_address(request)


def client_key(address: str | None) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), "sha256").hexdigest()


def allowance(name: str) -> tuple[int, timedelta]:
    requests, seconds = settings.THROTTLES[name]
    return int(requests), timedelta(seconds=seconds)


def throttle_hit(request, name: str, *, now: datetime | None = None) -> bool:
    """Count this request against allowance ``name`` for its address. True when the address has
    used up the allowance: the request is then not counted, so an address is free again as soon
    as its earlier requests leave the window."""
    limit, window = allowance(name)
    now = now or timezone.now()
    client = client_key(client_address(request))
    with transaction.atomic():
        # Requests outside the window mean nothing any more, whoever made them.
        ThrottleHit.objects.filter(bucket=name, at__lt=now - window).delete()
        if ThrottleHit.objects.filter(bucket=name, client=client).count() >= limit:
            return True
        ThrottleHit.objects.create(bucket=name, client=client, at=now)
    return False
