"""Hash-chained, append-only audit log.

Partitioning: one chain per (day in UTC, shard), shard = CRC32(object reference) mod
``AUDIT_SHARDS``. An append locks only its chain's head row, so writers about different objects
rarely wait for each other, and the chains of past days are closed. Each entry stores the SHA-256
of the previous entry of its chain, and the head stores the last hash and sequence number, so
altering, deleting or inserting any entry (including the last one) breaks ``verify_chain``.

Call ``record`` inside the transaction that makes the change: the entry then commits or rolls
back with it (invariant 1).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from . import batch, context
from .masking import mask_identity_numbers
from .models import AuditChain, AuditEntry


def _stream_for(object_type: str, object_id: str, when) -> str:
    shard = zlib.crc32(f"{object_type}:{object_id}".encode()) % max(1, settings.AUDIT_SHARDS)
    return f"{when:%Y-%m-%d}/{shard:02d}"


def entry_hash(entry: AuditEntry) -> str:
    payload = {
        "stream": entry.stream,
        "seq": entry.seq,
        "prev": entry.prev_hash,
        "at": entry.created_at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object": [entry.object_type, entry.object_id],
        "request_id": entry.request_id,
        "ip": entry.ip,
        "data": entry.data,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _masked(value: Any) -> Any:
    """Mask NIK/KK-shaped runs inside every string, key and 16-digit integer of a JSON value.

    Masking the JSON *text* instead would turn a 16-digit number into invalid JSON (``123456******1234``).
    """
    if isinstance(value, dict):
        return {mask_identity_numbers(str(k)): _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, str):
        return mask_identity_numbers(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        masked = mask_identity_numbers(text)
        return value if masked == text else masked
    return value


def _clean(data: dict[str, Any] | None) -> dict[str, Any]:
    # Normalise through JSON so the stored value and the hashed value are the same.
    return _masked(json.loads(json.dumps(data or {}, default=str, ensure_ascii=False)))


class Pending:
    """An audit entry waiting for its place in the chain, in two steps that a caller may put into
    its own round trips (``balai.core.batch``):

    1. ``reserve()`` — one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement that creates
       the chain head if needed, locks it until the transaction ends, takes the next sequence
       number and returns the previous entry's hash (the latest committed one: a concurrent
       writer of the same chain waits for the lock, then reads what the other one committed);
    2. ``place(row)`` — hashes the entry and returns the two writes: the entry and the head's
       last hash.

    Both must run inside the transaction that makes the audited change. ``record`` does it all.
    """

    def __init__(self, entry: AuditEntry):
        self.entry = entry

    def set_data(self, data: dict[str, Any] | None) -> None:
        """Replace ``data`` (masked like ``record``'s) before ``place``, e.g. with a number that
        was reserved in the same round trip as the chain place."""
        self.entry.data = _clean(data)

    def reserve(self, using: str = DEFAULT_DB_ALIAS) -> batch.Statement:
        qn = connections[using].ops.quote_name
        table = qn(AuditChain._meta.db_table)
        return (f"INSERT INTO {table} (stream, last_seq, last_hash) VALUES (%s, 1, '') "  # noqa: S608
                f"ON CONFLICT (stream) DO UPDATE SET last_seq = {table}.last_seq + 1 RETURNING last_seq, last_hash",
                [self.entry.stream])

    def place(self, row: tuple, using: str = DEFAULT_DB_ALIAS, returning_id: bool = False) -> list[batch.Statement]:
        entry = self.entry
        entry.seq, entry.prev_hash = int(row[0]), row[1]
        entry.hash = entry_hash(entry)
        return [batch.insert([entry], using=using, returning=("id",) if returning_id else ()),
                batch.update(AuditChain, entry.stream, {"last_hash": entry.hash}, using=using)]


def prepare(*, action: str, actor=None, object_type: str = "", object_id: Any = "",
            data: dict[str, Any] | None = None) -> Pending:
    """Build an entry (not yet in its chain); see ``Pending``. ``data`` is masked like ``record``'s."""
    ctx = context.current()
    now = timezone.now()
    object_id = str(object_id)
    clean = _clean(data)
    return Pending(AuditEntry(
        stream=_stream_for(object_type, object_id, now),  # now is UTC (USE_TZ)
        created_at=now,
        actor_id=getattr(actor, "pk", None),
        actor_label=str(getattr(actor, "username", "") or "")[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        request_id=ctx.request_id,
        ip=ctx.ip,
        data=clean,
    ))


def record(*, action: str, actor=None, object_type: str = "", object_id: Any = "",
           data: dict[str, Any] | None = None) -> AuditEntry:
    """Append one audit entry. ``data`` must not hold a full NIK/KK: 16-digit runs are masked.

    Two round trips (reserve the place in the chain; write entry and head), no savepoint: an
    entry that cannot be written fails the whole transaction, so no change commits unaudited."""
    pending = prepare(action=action, actor=actor, object_type=object_type, object_id=object_id, data=data)
    with transaction.atomic(savepoint=False):
        reserve = batch.Batch()
        reserve.add(*pending.reserve())
        writes = batch.Batch()
        writes.extend(pending.place(reserve.run()[0][0], returning_id=True))
        entry = pending.entry
        entry.pk = writes.run()[0][0][0]
        entry._state.adding, entry._state.db = False, DEFAULT_DB_ALIAS
    return entry


@dataclass(frozen=True)
class Break:
    stream: str
    seq: int
    entry_id: int | None
    reason: str


def verify_chain(*, batch_size: int = 5000) -> Iterator[tuple[str, int, Break | None]]:
    """Walk every chain. Yields (stream, entries checked, first break or None) per chain."""
    heads = {h.stream: h for h in AuditChain.objects.all()}
    streams = set(heads) | set(AuditEntry.objects.values_list("stream", flat=True).distinct())
    for stream in sorted(streams):
        head = heads.get(stream)
        expected_seq, prev_hash, checked, problem = 1, "", 0, None
        for entry in AuditEntry.objects.filter(stream=stream).order_by("seq").iterator(chunk_size=batch_size):
            checked += 1
            if entry.seq != expected_seq:
                problem = Break(stream, expected_seq, entry.id, f"entry #{expected_seq} is missing")
            elif entry.prev_hash != prev_hash:
                problem = Break(stream, entry.seq, entry.id, "previous-hash link does not match")
            elif entry_hash(entry) != entry.hash:
                problem = Break(stream, entry.seq, entry.id, "content does not match its hash")
            if problem:
                break
            expected_seq, prev_hash = entry.seq + 1, entry.hash
        if problem is None:
            if head is None:
                problem = Break(stream, expected_seq - 1, None, "chain head is missing")
            elif head.last_seq != expected_seq - 1 or head.last_hash != prev_hash:
                problem = Break(stream, head.last_seq, None,
                                f"chain ends at #{expected_seq - 1} but its head says #{head.last_seq}")
        yield stream, checked, problem
