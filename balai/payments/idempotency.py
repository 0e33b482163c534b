"""``Idempotency-Key`` for mutating API calls (GOV.UK Pay semantics, STYLE §7).

- The same key with the same request (method, path, JSON body) → the stored response, replayed
  with the header ``Idempotent-Replayed: true``; the view does not run again.
- The same key with a different request → 422 ``idempotency_key_reused``.
- The same key while the first call still runs → 409 ``idempotency_key_in_progress``.
- A claim older than ``IDEMPOTENCY_LEASE_SECONDS`` (longer than any request may run: gunicorn's
  worker timeout is 30 s) without an answer belongs to a process that died (SIGKILL, OOM, worker
  timeout, power loss) between claiming the key and storing the response: a retry with the same
  request takes it over and runs the call again, which is safe because every wrapped service is
  itself idempotent (collections by device key, payments by channel reference, vehicle bills by
  the open bill). Without the takeover the key would answer 409 for 24 hours (``bench/crash.py``).
- Keys are per (scope, caller) and kept ``IDEMPOTENCY_TTL`` (24 h); an older key starts afresh.
- A response ≥ 500 or an exception is not stored: the key is released for a retry.

Reuse: decorate a DRF function view *under* ``@api_view`` with ``@idempotent("scope")``, or mix
``IdempotencyMixin`` into an ``APIView`` and set ``idempotency_scope``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from balai.core.api import ApiError

from .models import IdempotencyRecord

IDEMPOTENCY_TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_fingerprint(request: Request) -> str:
    try:
        body: Any = request.data
    except Exception:  # an unparsable body still has a stable identity
        body = request._request.body.decode(errors="replace")
    if hasattr(body, "dict"):
        body = body.dict()
    canonical = json.dumps({"method": request.method, "path": request.path, "body": body},
                           sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _principal(request: Request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anonymous"


def _lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "IDEMPOTENCY_LEASE_SECONDS", 60))


def _claim(scope: str, principal: str, key: str, fingerprint: str) -> IdempotencyRecord | None:
    """Insert the in-progress record (committed at once) or return the existing one. An
    abandoned claim of the same request (older than the lease, no answer) is taken over."""
    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(scope=scope, principal=principal, key=key,
                                                 request_hash=fingerprint, created_at=now)
            return None
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(scope=scope, principal=principal, key=key).first()
            if existing is None:
                continue  # purged between the two statements
            if existing.created_at < now - IDEMPOTENCY_TTL:
                IdempotencyRecord.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
                continue
            if (not existing.done and existing.request_hash == fingerprint
                    and existing.created_at < now - _lease()):
                # Compare-and-set on created_at: of two retries racing for the same stale claim, one wins.
                if IdempotencyRecord.objects.filter(pk=existing.pk, done=False,
                                                    created_at=existing.created_at).update(created_at=now):
                    return None
                continue
            return existing
    raise ApiError("idempotency_key_in_progress", _("Permintaan dengan kunci ini sedang diproses."),
                   status_code=status.HTTP_409_CONFLICT)


def run_idempotent(request: Request, scope: str, call: Callable[[], Response], *, required: bool = True) -> Response:
    if request.method not in MUTATING:
        return call()
    key = request.headers.get(HEADER, "").strip()
    if not key:
        if required:
            raise ApiError("idempotency_key_required", _("Header Idempotency-Key wajib diisi."),
                           status_code=status.HTTP_400_BAD_REQUEST)
        return call()
    if len(key) > 255:
        raise ApiError("invalid", _("Idempotency-Key terlalu panjang (maks. 255)."))
    principal, fingerprint = _principal(request), request_fingerprint(request)
    existing = _claim(scope, principal, key, fingerprint)
    if existing is not None:
        if existing.request_hash != fingerprint:
            raise ApiError("idempotency_key_reused",
                           _("Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda."),
                           status_code=status.HTTP_422_UNPROCESSABLE_ENTITY)
        if not existing.done:
            raise ApiError("idempotency_key_in_progress", _("Permintaan dengan kunci ini sedang diproses."),
                           status_code=status.HTTP_409_CONFLICT)
        replay = Response(existing.response_body, status=existing.response_status)
        replay["Idempotent-Replayed"] = "true"
        return replay
    record = IdempotencyRecord.objects.filter(scope=scope, principal=principal, key=key)
    try:
        response = call()
    except Exception as exc:
        # Expected refusals (4xx) are answers like any other: store them as the client saw them.
        from balai.core.api import exception_handler

        handled = exception_handler(exc, {"request": request})
        if handled is None or handled.status_code >= 500:
            record.delete()
            raise
        response = handled
    if response.status_code >= 500:
        record.delete()
    else:
        # Stored as the client saw it (DRF's encoder: datetimes as ISO strings).
        body = json.loads(json.dumps(response.data, cls=JSONEncoder))
        record.update(done=True, response_status=response.status_code, response_body=body)
    return response


def idempotent(scope: str, *, required: bool = True) -> Callable:
    """Decorator for a DRF function view (place it under ``@api_view``)."""

    def decorator(view: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(view)
        def wrapper(request: Request, *args, **kwargs) -> Response:
            return run_idempotent(request, scope, lambda: view(request, *args, **kwargs), required=required)

        return wrapper

    return decorator


class IdempotencyMixin:
    """For class-based ``APIView``s: every mutating handler runs through ``run_idempotent``."""

    idempotency_scope = ""
    idempotency_required = True

    def dispatch(self, request, *args, **kwargs):
        for name in ("post", "put", "patch", "delete"):
            handler = getattr(self, name, None)
            if handler is not None:
                setattr(self, name, self._idempotent_handler(handler))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def _idempotent_handler(self, handler: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(handler)
        def wrapper(request: Request, *args, **kwargs) -> Response:
            scope = self.idempotency_scope or type(self).__name__
            return run_idempotent(request, scope, lambda: handler(request, *args, **kwargs),
                                  required=self.idempotency_required)

        return wrapper


def idempotency_purge(*, now=None) -> int:
    """Delete keys older than the retention (periodic task)."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_TTL
    deleted, _counts = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
