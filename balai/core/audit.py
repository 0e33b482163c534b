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
from django.db import transaction
from django.utils import timezone

from . import context
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


def record(*, action: str, actor=None, object_type: str = "", object_id: Any = "",
           data: dict[str, Any] | None = None) -> AuditEntry:
    """Append one audit entry. ``data`` must not hold a full NIK/KK: 16-digit runs are masked."""
    ctx = context.current()
    now = timezone.now()
    object_id = str(object_id)
    # Normalise through JSON so the stored value and the hashed value are the same.
    clean = _masked(json.loads(json.dumps(data or {}, default=str, ensure_ascii=False)))
    stream = _stream_for(object_type, object_id, now)  # now is UTC (USE_TZ)
    with transaction.atomic():
        AuditChain.objects.bulk_create([AuditChain(stream=stream)], ignore_conflicts=True)
        head = AuditChain.objects.select_for_update().get(stream=stream)
        actor_id = getattr(actor, "pk", None)
        entry = AuditEntry(
            stream=stream,
            seq=head.last_seq + 1,
            prev_hash=head.last_hash,
            created_at=now,
            actor_id=actor_id,
            actor_label=str(getattr(actor, "username", "") or "")[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            request_id=ctx.request_id,
            ip=ctx.ip,
            data=clean,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
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
