"""The hash chain of each audit table.

hash = sha256(prev_hash + canonical JSON of every other column), keys sorted, times in ISO UTC.
Each table has its own chain, ordered by the entry number (the primary key), which ``append``
assigns without gaps while holding the table's chain lock.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from santisuk.audit.bulk_sql import convert_rows, insert_rows
from santisuk.audit.serialize import json_safe

GENESIS = "0" * 64


@functools.cache
def _hashed_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name != "hash"]


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        return value.astimezone(datetime.UTC).isoformat()
    return json_safe(value)


def canonical_json(payload: dict[str, Any]) -> bytes:
    """Compact JSON, keys sorted, UTF-8: the text an entry's hash covers. orjson writes what
    ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` writes, several
    times faster, except for floats below 1e-4 or from 1e16 (exponents written differently):
    ``verify`` accepts either text, so entries chained before the switch still verify."""
    try:
        return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, say
        return _json_text(payload)


def _json_text(payload: dict[str, Any]) -> bytes:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode()


def compute_hash(
    model: type[models.Model], row: Mapping[str, Any], dump: Any = canonical_json
) -> str:
    """The hash of one entry from its column values keyed by attname."""
    payload = {f.attname: _canonical_value(row[f.attname]) for f in _hashed_fields(model)}
    return hashlib.sha256(row["prev_hash"].encode() + dump(payload)).hexdigest()


def _row(entry: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(entry, f.attname) for f in _hashed_fields(type(entry))}


def _lock(model: type[models.Model]) -> None:
    """Serialise writers of one chain until the surrounding transaction ends. SQLite needs
    nothing: its writers are already serialised (``BEGIN IMMEDIATE``)."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(model._meta.db_table.encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _head(model: type[models.Model]) -> tuple[int, str]:
    last = model._base_manager.order_by("-id").values_list("id", "hash").first()
    return last if last else (0, GENESIS)


def _seal(entries: list[models.Model], last_id: int, last_hash: str) -> tuple[int, str]:
    now = timezone.now()
    for entry in entries:
        last_id += 1
        entry.id = last_id
        entry.timestamp = now
        entry.prev_hash = last_hash
        entry.hash = compute_hash(type(entry), _row(entry))
        last_hash = entry.hash
    return last_id, last_hash


def append(model: type[models.Model], entries: Iterable[models.Model], batch: int = 1000) -> int:
    """Number, chain and insert ``entries`` (unsaved, all of ``model``) in the caller's
    transaction. Returns how many were written."""
    written = 0
    # No savepoint of its own: a failed audit write must fail the change it records.
    with transaction.atomic(savepoint=False):
        _lock(model)
        last_id, last_hash = _head(model)
        chunk: list[models.Model] = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= batch:
                last_id, last_hash = _seal(chunk, last_id, last_hash)
                model._base_manager.bulk_create(chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            last_id, last_hash = _seal(chunk, last_id, last_hash)
            model._base_manager.bulk_create(chunk)
            written += len(chunk)
    return written


class Chain:
    """The end of one table's chain, for entries numbered and sealed in bulk: ``seal`` gives
    entries (dicts of column values keyed by attname, without id, timestamp, prev_hash and hash,
    already JSON-safe as ``serialize.json_safe`` returns them) their place in the chain and
    returns their rows, in the order of the model's concrete fields, as the driver takes them
    (``bulk_sql.insert_rows(..., converted=True)``). It may run in another process than the
    one that inserts them: ``chain_open`` holds the chain until the transaction ends."""

    def __init__(self, model: type[models.Model], last_id: int, last_hash: str):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.hashed = _hashed_fields(model)
        self.json = [f.attname for f in self.fields if isinstance(f, models.JSONField)]
        self.last_id, self.last_hash = last_id, last_hash
        # An entry's hashed values and its row, picked in one call each (millions of entries).
        self._names = [f.attname for f in self.hashed]
        self._hashed = itemgetter(*self._names)
        self._row = itemgetter(*(f.attname for f in self.fields))

    def seal(self, entries: Iterable[dict[str, Any]]) -> list[list[Any]]:
        now = timezone.now()
        stamp = _canonical_value(now)
        last_id, last_hash = self.last_id, self.last_hash
        rows = []
        for row in entries:
            last_id += 1
            row["id"], row["timestamp"], row["prev_hash"] = last_id, now, last_hash
            payload = dict(zip(self._names, self._hashed(row), strict=True))
            payload["timestamp"] = stamp
            last_hash = row["hash"] = self._hash(last_hash, payload, row)
            rows.append(list(self._row(row)))
        self.last_id, self.last_hash = last_id, last_hash
        convert_rows(self.fields, rows, skip=self.json)
        return rows

    def _hash(self, prev_hash: str, payload: dict[str, Any], row: dict[str, Any]) -> str:
        """The entry's hash; its JSON values become their text in ``row`` on the way, written
        once for both (the hash covers the text of the whole entry, keys sorted)."""
        values = {name: row[name] for name in self.json if row[name] is not None}
        try:
            for name, value in values.items():
                row[name] = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
                payload[name] = orjson.Fragment(row[name])
            text = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:  # an integer beyond 64 bits, say
            payload.update(values)
            row.update({name: json.dumps(value) for name, value in values.items()})
            text = _json_text(payload)
        return hashlib.sha256(prev_hash.encode() + text).hexdigest()


def chain_open(model: type[models.Model]) -> Chain:
    """The chain of ``model``'s table, held by the current transaction until it ends."""
    _lock(model)
    return Chain(model, *_head(model))


def append_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], batch: int = 2000
) -> int:
    """The same as ``append`` for entries given as ``Chain.seal`` takes them: no model instance
    per entry and no ORM work per value (``bulk_sql.insert_rows``), for bulk loads of hundreds
    of thousands of rows. Returns how many were written."""
    written = 0
    with transaction.atomic(savepoint=False):
        chain = chain_open(model)
        for chunk in _batches(rows, batch):
            written += insert_rows(model, chain.fields, chain.seal(chunk), converted=True)
    return written


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class ChainReport:
    """The result of walking one chain: ``problem`` is None when it is intact."""

    count: int
    head: str
    bad_id: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def _rows(model: type[models.Model]) -> Iterator[dict[str, Any]]:
    names = [f.attname for f in model._meta.concrete_fields]
    return model._base_manager.order_by("id").values(*names).iterator(chunk_size=2000)


def verify(model: type[models.Model]) -> ChainReport:
    """Walk the chain in entry order and report the first entry that breaks it."""
    expected_id, prev_id, prev_hash, count = 1, None, GENESIS, 0
    for row in _rows(model):
        entry_id = row["id"]
        if entry_id != expected_id:
            if entry_id > expected_id:
                first, last = expected_id, entry_id - 1
                missing = str(first) if first == last else f"{first}–{last}"
                problem = _("entries %(missing)s before entry %(id)s were removed")
                values = {"id": entry_id, "missing": missing}
            else:
                problem = _("entry %(id)s is out of sequence: entries were reordered")
                values = {"id": entry_id}
            return ChainReport(count, prev_hash, entry_id, problem % values)
        if row["prev_hash"] != prev_hash:
            if prev_id is None:
                problem = _(
                    "entry %(id)s does not start the chain: earlier entries were removed "
                    "or entries were reordered"
                ) % {"id": entry_id}
            else:
                problem = _(
                    "entry %(id)s does not follow entry %(prev)s (previous hash differs): "
                    "entries were removed or reordered, or entry %(prev)s was rewritten"
                ) % {"id": entry_id, "prev": prev_id}
            return ChainReport(count, prev_hash, entry_id, problem)
        if compute_hash(model, row) != row["hash"] != compute_hash(model, row, _json_text):
            problem = _("entry %(id)s was altered: its hash does not match its content") % {
                "id": entry_id
            }
            return ChainReport(count, prev_hash, entry_id, problem)
        count += 1
        prev_id, prev_hash = entry_id, row["hash"]
        expected_id += 1
    return ChainReport(count, prev_hash)
