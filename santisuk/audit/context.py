"""Who is acting right now: the request's user or the management command that runs.

Set by ``AuditContextMiddleware`` for requests and by the ``santisuk`` command for management
commands, read by the change log so that nobody has to pass the actor around.
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    actor_id: int | None = None
    actor_label: str = "system"
    unit_id: int | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    source: str = "system"  # "web", "api", "command", "system"
    ip_address: str | None = None


_current: contextvars.ContextVar[AuditContext | Callable[[], AuditContext] | None] = (
    contextvars.ContextVar("santisuk_audit_context", default=None)
)


def current() -> AuditContext:
    value = _current.get()
    if value is None:
        return AuditContext()
    return value() if callable(value) else value


@contextlib.contextmanager
def using(ctx: AuditContext | Callable[[], AuditContext]) -> Iterator[None]:
    """Attribute what runs inside to ``ctx``; a callable is asked afresh each time, for a
    request whose user is only known once the view has authenticated it (API tokens)."""
    token = _current.set(ctx)
    try:
        yield
    finally:
        _current.reset(token)


def command_context(argv: Sequence[str]) -> contextlib.AbstractContextManager[None]:
    name = argv[0] if argv else "santisuk"
    return using(AuditContext(actor_label=f"command:{name}", source="command"))


def for_user(user: Any, *, request_id: str, source: str, ip_address: str | None) -> AuditContext:
    if user is not None and getattr(user, "is_authenticated", False):
        return AuditContext(
            actor_id=user.pk,
            actor_label=user.get_username(),
            unit_id=user.unit_id,
            request_id=request_id,
            source=source,
            ip_address=ip_address,
        )
    return AuditContext(
        actor_label="anonymous", request_id=request_id, source=source, ip_address=ip_address
    )
