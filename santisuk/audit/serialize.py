"""Record values as the change log stores them: JSON that reads back identically on SQLite and
PostgreSQL (the hash chain depends on it), with secrets replaced by a marker."""

from __future__ import annotations

import datetime
import decimal
import ipaddress
import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import models
from django.utils.functional import Promise

REDACTED = "***"

# Field names that hold secrets anywhere in the project: password hashes, token digests,
# one-time-password keys. A model can add its own with ``audit_redact_fields``.
_SECRET_NAME = re.compile(r"(password|secret|digest|salt|token_key|otp|private_key|^key$)", re.I)


def json_safe(value: Any) -> Any:
    """A JSON value that PostgreSQL's jsonb and SQLite return unchanged."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # jsonb prints 1.0 as 1.0 but 1e20 as an integer; integral floats are stored as ints.
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (decimal.Decimal, uuid.UUID, Promise)):
        return str(value)
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, models.Model):
        return json_safe(value.pk)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((json_safe(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file
        return value.name or None
    return str(value)


def is_secret(model: type[models.Model], name: str) -> bool:
    extra = getattr(model, "audit_redact_fields", ())
    return name in extra or bool(_SECRET_NAME.search(name))


def redact(model: type[models.Model], values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {
        k: (REDACTED if v not in (None, "") and is_secret(model, k) else v)
        for k, v in values.items()
    }


def audited_fields(model: type[models.Model], names: Iterable[str] | None = None):
    excluded = set(getattr(model, "audit_exclude_fields", ()))
    wanted = set(names) if names is not None else None
    for field in model._meta.concrete_fields:
        if field.name in excluded:
            continue
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        yield field


def _field_value(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.DecimalField) and value is not None:
        try:
            value = decimal.Decimal(value)
            if field.decimal_places is not None:
                value = value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
        except (decimal.InvalidOperation, TypeError, ValueError):
            pass
    return json_safe(value)


def snapshot(obj: models.Model, names: Iterable[str] | None = None) -> dict[str, Any]:
    """The record's stored values keyed by field name (foreign keys as ids). Deferred fields are
    left out rather than loaded one query each."""
    deferred = obj.get_deferred_fields()
    return {
        f.name: _field_value(f, f.value_from_object(obj))
        for f in audited_fields(type(obj), names)
        if f.attname not in deferred
    }


def snapshot_from_row(model: type[models.Model], row: Mapping[str, Any]) -> dict[str, Any]:
    """The same as ``snapshot`` from a ``values()`` row keyed by attname."""
    return {
        f.name: _field_value(f, row[f.attname]) for f in audited_fields(model) if f.attname in row
    }


# Stands for a deferred field's value in ``snapshotter``'s rows: left out, as snapshot() does.
DEFERRED = object()
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def snapshotter(
    model: type[models.Model], attnames: Sequence[str]
) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """``snapshot`` and ``redact`` for rows given as values in the order of ``attnames``, for
    bulk loads of hundreds of thousands of rows: what each field needs is decided once."""
    position = {name: i for i, name in enumerate(attnames)}
    steps = [
        (f.name, position[f.attname], None if isinstance(f, _PLAIN) or f.is_relation else f)
        for f in audited_fields(model)
        if f.attname in position
    ]
    secret = [name for name, _, _ in steps if is_secret(model, name)]

    # A bulk load's time stamps are one value per batch: converted once.
    last: dict[int, tuple[Any, Any]] = {}

    def snap(row: Sequence[Any]) -> dict[str, Any]:
        values = {}
        for name, i, field in steps:
            value = row[i]
            kind = type(value)
            if value is None or kind is str or kind is int or kind is bool:
                values[name] = value
            elif value is DEFERRED:
                continue
            elif kind is datetime.datetime:
                seen = last.get(i)
                if seen is None or seen[0] is not value:
                    seen = last[i] = (value, json_safe(value))
                values[name] = seen[1]
            else:
                values[name] = json_safe(value) if field is None else _field_value(field, value)
        for name in secret:
            if values.get(name) not in (None, ""):
                values[name] = REDACTED
        return values

    return snap


def diff_keys(model: type[models.Model], before: dict, after: dict) -> list[str]:
    """Fields whose value changed; ``auto_now`` stamps change on every save and are ignored."""
    stamps = {f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
    return [k for k in after if k not in stamps and k in before and before[k] != after[k]]
