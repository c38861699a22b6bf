"""Writing the audit log. Every entry joins the caller's transaction: if the change it records
rolls back, so does the entry.

Changes to records are logged automatically (``santisuk.audit.signals``); these functions are
for what signals cannot see: sensitive reads and searches, domain events, bulk loads.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import models, transaction

from santisuk.audit import chain, context
from santisuk.audit.choices import ChangeAction
from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.audit.serialize import DEFERRED, json_safe, snapshotter


def _clip(value: Any, length: int) -> str:
    text = "" if value is None else str(value)
    return text[:length]


def _object_fields(obj: models.Model | None, model: type[models.Model] | None = None) -> dict:
    if obj is None and model is None:
        return {"content_type": "", "object_id": "", "object_repr": ""}
    model = model or type(obj)
    return {
        "content_type": model._meta.concrete_model._meta.label_lower,
        "object_id": _clip(getattr(obj, "pk", None), 64),
        "object_repr": _clip(obj, 200) if obj is not None else "",
    }


def _ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def _who(actor: Any = None) -> dict[str, Any]:
    ctx = context.current()
    who = {
        "actor_id": ctx.actor_id,
        "actor_label": _clip(ctx.actor_label, 150),
        "unit_id": ctx.unit_id,
        "request_id": _clip(ctx.request_id, 64),
        "source": _clip(ctx.source, 20),
    }
    if actor is not None and getattr(actor, "pk", None) is not None:
        who.update(
            actor_id=actor.pk,
            actor_label=_clip(actor.get_username(), 150),
            unit_id=getattr(actor, "unit_id", None),
        )
    return who


def change_entry(
    *,
    action: str,
    obj: models.Model | None,
    before: dict | None,
    after: dict | None,
    event: str = "",
    model: type[models.Model] | None = None,
) -> ChangeEntry:
    """An unsaved change entry attributed to the current actor (see ``chain.append``)."""
    return ChangeEntry(
        action=action,
        event=_clip(event, 100),
        before=json_safe(before),
        after=json_safe(after),
        **_object_fields(obj, model),
        **_who(),
    )


def change_record(**kwargs: Any) -> ChangeEntry:
    entry = change_entry(**kwargs)
    chain.append(ChangeEntry, [entry])
    return entry


@transaction.atomic
def access_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    query: dict | None = None,
    reason: str = "",
    result_count: int | None = None,
    outcome: str = "allowed",
) -> AccessEntry:
    """Log a sensitive read, a search or a login attempt. ``actor`` defaults to the user of the
    current request (or the command that runs)."""
    entry = AccessEntry(
        action=_clip(action, 100),
        query=json_safe(query),
        reason=reason or "",
        result_count=result_count,
        outcome=outcome,
        ip_address=_ip(context.current().ip_address),
        **_object_fields(obj),
        **_who(actor),
    )
    entry.full_clean(
        exclude=["id", "timestamp", "prev_hash", "hash", "actor"], validate_unique=False
    )
    chain.append(AccessEntry, [entry])
    return entry


@transaction.atomic
def event_record(
    *, name: str, obj: models.Model | None = None, data: dict | None = None
) -> ChangeEntry:
    """Log a domain event with meaning ("person.merge_proposed", "account.unlocked")."""
    if not name:
        raise ValueError("event_record: name must not be empty")
    entry = change_entry(action=ChangeAction.EVENT, obj=obj, before=None, after=data, event=name)
    entry.full_clean(
        exclude=["id", "timestamp", "prev_hash", "hash", "actor"], validate_unique=False
    )
    chain.append(ChangeEntry, [entry])
    return entry


@transaction.atomic
def changes_record_bulk(
    *,
    model: type[models.Model],
    objects: Iterable[models.Model],
    action: str,
    describe: Callable[[models.Model], str] | None = None,
) -> int:
    """Log a bulk_create, bulk_update or queryset delete (which send no signals): one entry per
    object, chained in memory and inserted in batches. ``objects`` must carry their primary
    keys; for "delete" pass them as they were before deletion. ``describe`` may give the
    text of ``str(obj)`` more cheaply (a bulk load knows it without a query or a translation
    lookup per object). Returns the number of entries."""
    if action not in (ChangeAction.CREATE, ChangeAction.UPDATE, ChangeAction.DELETE):
        raise ValueError(
            f"changes_record_bulk: action must be create, update or delete, not {action!r}"
        )
    attnames = [f.attname for f in model._meta.concrete_fields]
    snap = snapshotter(model, attnames)
    text = describe or str
    items = (
        # No model instance per object: its stored values, as snapshot() reads them.
        (obj.pk, text(obj), snap([obj.__dict__.get(name, DEFERRED) for name in attnames]))
        for obj in objects
    )
    return changes_record_values(model=model, items=items, action=action)


def changes_record_values(
    *,
    model: type[models.Model],
    items: Iterable[tuple[Any, str, dict[str, Any]]],
    action: str,
) -> int:
    """Log objects written by a bulk load from ``(primary key, text, values)`` triples, the
    values JSON-safe as ``serialize.snapshot`` gives them (a load may add the parts written
    with the object, such as a case's offences). One entry per object; returns how many."""
    return chain.append_rows(ChangeEntry, change_entries(model=model, items=items, action=action))


def change_entries(
    *,
    model: type[models.Model],
    items: Iterable[tuple[Any, str, dict[str, Any]]],
    action: str,
) -> Iterator[dict[str, Any]]:
    """The entries ``changes_record_values`` logs, for ``chain.Chain.seal``."""
    if action not in (ChangeAction.CREATE, ChangeAction.UPDATE, ChangeAction.DELETE):
        raise ValueError(f"changes_record_values: not an action of a bulk change: {action}")
    who = _who()
    content_type = model._meta.concrete_model._meta.label_lower
    key = "before" if action == ChangeAction.DELETE else "after"
    return (
        {
            "action": action,
            "event": "",
            "before": None,
            "after": None,
            key: values,
            "content_type": content_type,
            "object_id": _clip(pk, 64),
            "object_repr": text[:200],
            **who,
        }
        for pk, text, values in items
    )


__all__ = [
    "access_record",
    "change_record",
    "changes_record_bulk",
    "changes_record_values",
    "event_record",
]
