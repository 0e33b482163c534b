"""``Idempotency-Key`` bound to payments' key table (``IdempotencyRecord``).

The rules (same key + same request → the stored answer; different request → 422
``idempotency_key_reused``; still running → 409 ``idempotency_key_in_progress``; abandoned claims
taken over after the lease; 24 h retention) are ``balai.core.idempotency``'s, the one
implementation. This module only names the table, so payments and every app above it (vehicles,
cases, partners) keep their keys in one place and purge them with one task.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.request import Request
from rest_framework.response import Response

from balai.core import idempotency as core
from balai.core.idempotency import HEADER, IDEMPOTENCY_TTL, MUTATING, request_fingerprint

from .models import IdempotencyRecord

__all__ = ["HEADER", "IDEMPOTENCY_TTL", "MUTATING", "IdempotencyMixin", "idempotency_purge", "idempotent",
           "request_fingerprint", "run_idempotent"]


def run_idempotent(request: Request, scope: str, call: Callable[[], Response], *, required: bool = True,
                   stored: core.Stored | None = None) -> Response:
    return core.run_idempotent(request, scope, call, records=IdempotencyRecord, required=required, stored=stored)


def idempotent(scope: str, *, required: bool = True, stored: core.Stored | None = None) -> Callable:
    """Decorator for a DRF function view (place it under ``@api_view``)."""
    return core.idempotent(scope, records=IdempotencyRecord, required=required, stored=stored)


class IdempotencyMixin(core.IdempotencyMixin):
    """For class-based ``APIView``s: every mutating handler runs through ``run_idempotent``."""

    idempotency_records = IdempotencyRecord


def idempotency_purge(*, now=None) -> int:
    """Delete keys older than the retention (periodic task)."""
    return core.purge(IdempotencyRecord, now=now)
