"""``Idempotency-Key`` for mutating API calls: the one implementation every app uses (GOV.UK Pay
semantics, STYLE §7).

- The same key with the same request (method, path, JSON body) → the stored response, replayed
  with the header ``Idempotent-Replayed: true``; the view does not run again.
- The same key with a different request → 422 ``idempotency_key_reused``.
- The same key while the first call still runs → 409 ``idempotency_key_in_progress``.
- A claim older than ``IDEMPOTENCY_LEASE_SECONDS`` (longer than any request may run: gunicorn's
  worker timeout is 30 s) without an answer belongs to a process that died (SIGKILL, OOM, worker
  timeout, power loss) between claiming the key and storing the response: a retry with the same
  request takes it over and runs the call again, which is safe because every wrapped service is
  itself idempotent (collections by device key, payments by channel reference, vehicle bills by
  the open bill, cases by the key kept on the case). Without the takeover the key would answer 409
  for 24 hours (``bench/crash.py``).
- Keys are per (scope, caller) and kept ``IDEMPOTENCY_TTL`` (24 h); an older key starts afresh.
- A response ≥ 500 or an exception is not stored: the key is released for a retry.
- ``stored`` lets a view keep less than it answered: a one-time secret (a case's tracking PIN) is
  answered once and never written to the key table; a replay answers what was stored.

The rows live in a model the caller passes as ``records`` (this layer owns no table): any model with
the fields ``scope``, ``principal``, ``key``, ``request_hash``, ``done``, ``response_status``,
``response_body``, ``created_at`` and a unique constraint on (scope, principal, key) —
``balai.payments.models.IdempotencyRecord``, which ``balai.payments.idempotency`` binds for every
app above it. A service that keeps its own key on its rows (a case, a cash collection) answers a
reused key with ``key_reused()`` so the client sees the same error everywhere.

Reuse: ``run_idempotent(request, scope, call, records=...)`` inside a DRF view, the decorator
``idempotent(scope, records=...)`` under ``@api_view``, or ``IdempotencyMixin`` on an ``APIView``.
Document the answers with ``schema_responses()``.
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
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .api import ApiError, error_response

IDEMPOTENCY_TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# A model class with the fields named in the module docstring (its rows are read field by field).
Records = Any
Stored = Callable[[Response], tuple[int, Any]]


# --- the errors, the same wherever a key is checked ---------------------------------------------

def key_reused() -> ApiError:
    return ApiError("idempotency_key_reused", _("Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda."),
                    status_code=status.HTTP_422_UNPROCESSABLE_ENTITY)


def key_in_progress() -> ApiError:
    return ApiError("idempotency_key_in_progress", _("Permintaan dengan kunci ini sedang diproses."),
                    status_code=status.HTTP_409_CONFLICT)


def key_required() -> ApiError:
    return ApiError("idempotency_key_required", _("Header Idempotency-Key wajib diisi."),
                    status_code=status.HTTP_400_BAD_REQUEST)


def schema_responses() -> dict[int, OpenApiResponse]:
    """The answers of an idempotent operation, for ``@extend_schema(responses={...})``."""
    return {
        409: error_response("A request with the same Idempotency-Key is still running; retry later "
                            "(code: idempotency_key_in_progress)"),
        422: error_response("The Idempotency-Key was already used for a different request "
                            "(code: idempotency_key_reused)"),
    }


# --- the request's identity ----------------------------------------------------------------------

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


def request_key(request: Request, *, required: bool) -> str:
    """The request's key ("" when absent and optional). 400 when required and absent, or too long."""
    key = request.headers.get(HEADER, "").strip()
    if not key and required:
        raise key_required()
    if len(key) > MAX_KEY_LENGTH:
        raise ApiError("invalid", _("Idempotency-Key terlalu panjang (maks. 255)."),
                       fields={HEADER: [_("Idempotency-Key terlalu panjang (maks. 255).")]})
    return key


def _principal(request: Request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anonymous"


def _lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "IDEMPOTENCY_LEASE_SECONDS", 60))


# --- claim, answer, replay -----------------------------------------------------------------------

def _claim(records: Records, scope: str, principal: str, key: str, fingerprint: str) -> Any:
    """Insert the in-progress record (committed at once) or return the existing one. An
    abandoned claim of the same request (older than the lease, no answer) is taken over."""
    manager = records._default_manager
    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                manager.create(scope=scope, principal=principal, key=key, request_hash=fingerprint, created_at=now)
            return None
        except IntegrityError:
            existing = manager.filter(scope=scope, principal=principal, key=key).first()
            if existing is None:
                continue  # purged between the two statements
            if existing.created_at < now - IDEMPOTENCY_TTL:
                manager.filter(pk=existing.pk, created_at=existing.created_at).delete()
                continue
            if (not existing.done and existing.request_hash == fingerprint
                    and existing.created_at < now - _lease()):
                # Compare-and-set on created_at: of two retries racing for the same stale claim, one wins.
                if manager.filter(pk=existing.pk, done=False, created_at=existing.created_at).update(created_at=now):
                    return None
                continue
            return existing
    raise key_in_progress()


def _as_stored(response: Response) -> tuple[int, Any]:
    return response.status_code, response.data


def run_idempotent(request: Request, scope: str, call: Callable[[], Response], *, records: Records,
                   required: bool = True, stored: Stored | None = None) -> Response:
    """Run ``call`` at most once per (scope, caller, key); see the module docstring."""
    if request.method not in MUTATING:
        return call()
    key = request_key(request, required=required)
    if not key:
        return call()
    principal, fingerprint = _principal(request), request_fingerprint(request)
    existing = _claim(records, scope, principal, key, fingerprint)
    if existing is not None:
        if existing.request_hash != fingerprint:
            raise key_reused()
        if not existing.done:
            raise key_in_progress()
        replay = Response(existing.response_body, status=existing.response_status)
        replay["Idempotent-Replayed"] = "true"
        return replay
    record = records._default_manager.filter(scope=scope, principal=principal, key=key)
    try:
        response = call()
    except Exception as exc:
        # Expected refusals (4xx) are answers like any other: store them as the client saw them.
        from .api import exception_handler

        handled = exception_handler(exc, {"request": request})
        if handled is None or handled.status_code >= 500:
            record.delete()
            raise
        response = handled
    if response.status_code >= 500:
        record.delete()
    else:
        status_code, data = (stored or _as_stored)(response)
        # Stored as the client saw it (DRF's encoder: datetimes as ISO strings).
        body = json.loads(json.dumps(data, cls=JSONEncoder))
        record.update(done=True, response_status=status_code, response_body=body)
    return response


def idempotent(scope: str, *, records: Records, required: bool = True,
               stored: Stored | None = None) -> Callable:
    """Decorator for a DRF function view (place it under ``@api_view``)."""

    def decorator(view: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(view)
        def wrapper(request: Request, *args, **kwargs) -> Response:
            return run_idempotent(request, scope, lambda: view(request, *args, **kwargs), records=records,
                                  required=required, stored=stored)

        return wrapper

    return decorator


class IdempotencyMixin:
    """For class-based ``APIView``s: every mutating handler runs through ``run_idempotent``."""

    idempotency_scope = ""
    idempotency_required = True
    idempotency_records: Records | None = None

    def dispatch(self, request, *args, **kwargs):
        for name in ("post", "put", "patch", "delete"):
            handler = getattr(self, name, None)
            if handler is not None:
                setattr(self, name, self._idempotent_handler(handler))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def _idempotent_handler(self, handler: Callable[..., Response]) -> Callable[..., Response]:
        records = self.idempotency_records
        if records is None:
            raise TypeError(f"{type(self).__name__}.idempotency_records is not set")

        @wraps(handler)
        def wrapper(request: Request, *args, **kwargs) -> Response:
            scope = self.idempotency_scope or type(self).__name__
            return run_idempotent(request, scope, lambda: handler(request, *args, **kwargs), records=records,
                                  required=self.idempotency_required)

        return wrapper


def purge(records: Records, *, now=None) -> int:
    """Delete keys older than the retention (periodic task)."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_TTL
    deleted, _counts = records._default_manager.filter(created_at__lt=cutoff).delete()
    return deleted
