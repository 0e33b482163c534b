"""The SNAP envelope: headers, signatures, tokens and the replay guard, before any bill is read.

Order of checks on a transaction call (each answer from ``codes.py``):
1. ``Authorization: Bearer`` — a token Balai issued, not expired (401xx01);
2. the token's bank is active and is the ``X-PARTNER-ID``; the ``CHANNEL-ID`` is one of its
   channels (401xx00); the service is allowed for it (403xx01);
3. the remaining mandatory headers are there (400xx02);
4. the HMAC-SHA512 signature over the minified body matches, in constant time (401xx00);
5. ``X-TIMESTAMP`` is within the tolerance — checked after the signature, so a prober learns
   nothing about the window (401xx00);
6. the body is a JSON object (400xx00).
``X-EXTERNAL-ID`` (unique per bank per Jakarta day) is claimed by the handlers, inside their
transaction.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import codes, conf, crypto
from .models import SnapPartner

EXTERNAL_ID = re.compile(r"[0-9A-Za-z-]{1,36}")


class SnapRefusal(Exception):
    """A SNAP answer other than success, raised anywhere in a handler."""

    def __init__(self, case: str, detail: str = ""):
        super().__init__(case, detail)
        self.case, self.detail = case, detail


@dataclass
class Call:
    partner: SnapPartner
    service: str
    external_id: str
    timestamp: datetime
    data: dict[str, Any]
    body: bytes


def _header(headers: Any, name: str) -> str:
    return (headers.get(name) or "").strip()


def within_tolerance(when: datetime, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return abs((now - when).total_seconds()) <= conf.timestamp_tolerance()


def authenticate(*, method: str, path: str, headers: Any, body: bytes, service: str) -> Call:
    auth = _header(headers, "Authorization")
    token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
    partner_pk = crypto.token_partner(token) if token else None
    if partner_pk is None:
        raise SnapRefusal("invalid_token")
    partner = active_partner(partner_pk)
    if partner is None or (partner.sandbox and not _demo()):
        raise SnapRefusal("invalid_token")
    if _header(headers, "X-PARTNER-ID") != partner.partner_id:
        raise SnapRefusal("unauthorized", "Unknown partner")
    if _header(headers, "CHANNEL-ID") not in partner.channels():
        raise SnapRefusal("unauthorized", "Unknown channel")
    if service not in partner.services():
        raise SnapRefusal("not_allowed")
    for name in ("X-TIMESTAMP", "X-SIGNATURE", "X-EXTERNAL-ID"):
        if not _header(headers, name):
            raise SnapRefusal("missing_field", name)
    stamp, signature = _header(headers, "X-TIMESTAMP"), _header(headers, "X-SIGNATURE")
    if not crypto.symmetric_ok(partner.client_secret(), signature, method, path, token, body, stamp):
        raise SnapRefusal("unauthorized", "Signature")
    when = crypto.parse_timestamp(stamp)
    if when is None:
        raise SnapRefusal("invalid_field", "X-TIMESTAMP")
    if not within_tolerance(when):
        raise SnapRefusal("unauthorized", "Timestamp")
    external_id = _header(headers, "X-EXTERNAL-ID")
    if not EXTERNAL_ID.fullmatch(external_id):
        raise SnapRefusal("invalid_field", "X-EXTERNAL-ID")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise SnapRefusal("bad_request") from None
    if not isinstance(data, dict):
        raise SnapRefusal("bad_request")
    return Call(partner=partner, service=service, external_id=external_id, timestamp=when, data=data, body=body)


# The partner of a token, kept in the process for ``conf.partner_cache_seconds()`` (a read per
# call otherwise). A change saved in this process clears it at once; other worker processes see a
# deactivated bank or a rotated secret within that many seconds (docs/operations.md).
_partners: dict[int, tuple[float, SnapPartner]] = {}


def active_partner(pk: int) -> SnapPartner | None:
    now, ttl = time.monotonic(), conf.partner_cache_seconds()
    kept = _partners.get(pk)
    if kept is not None and kept[0] > now:
        return kept[1]
    partner = SnapPartner.objects.filter(pk=pk, active=True).first()
    if partner is None:
        _partners.pop(pk, None)
    elif ttl > 0:
        _partners[pk] = (now + ttl, partner)
    return partner


@receiver([post_save, post_delete], sender=SnapPartner, dispatch_uid="snap-partner-cache")
def _forget_partners(**kwargs: Any) -> None:
    _partners.clear()


def access_token(*, headers: Any, body: bytes) -> dict[str, str]:
    """``POST /v1.0/access-token/b2b``: the bank signs ``X-CLIENT-KEY|X-TIMESTAMP`` with its key."""
    client_key, stamp, signature = (_header(headers, n) for n in ("X-CLIENT-KEY", "X-TIMESTAMP", "X-SIGNATURE"))
    if not client_key or not signature:
        raise SnapRefusal("unauthorized", "Signature")
    partner = SnapPartner.objects.filter(client_key=client_key, active=True).first()
    if partner is None or (partner.sandbox and not _demo()):
        raise SnapRefusal("unauthorized", "Unknown client")
    if not crypto.asymmetric_ok(partner.public_key, signature, client_key, stamp):
        raise SnapRefusal("unauthorized", "Signature")
    when = crypto.parse_timestamp(stamp)
    if when is None:
        raise SnapRefusal("invalid_field", "X-TIMESTAMP")
    if not within_tolerance(when):
        raise SnapRefusal("unauthorized", "Timestamp")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise SnapRefusal("bad_request") from None
    if not isinstance(data, dict) or "grantType" not in data:
        raise SnapRefusal("missing_field", "grantType")
    if data["grantType"] != "client_credentials":
        raise SnapRefusal("invalid_field", "grantType")
    _, head = codes.answer(codes.ACCESS_TOKEN, "success")
    return {**head, "accessToken": crypto.token_new(partner.pk), "tokenType": "Bearer",
            "expiresIn": str(conf.token_ttl())}


def claim_external_id(call: Call) -> str:
    """SQL + params that insert the external id and return a row only if it was new (``INSERT …
    ON CONFLICT DO NOTHING``: a concurrent inserter of the same id waits for the first one)."""
    day = timezone.localdate(timezone.now())
    params = [call.partner.pk, day, call.external_id, connection.ops.adapt_datetimefield_value(timezone.now())]
    return ("INSERT INTO payments_snapexternalid (partner_id, day, external_id, received_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (partner_id, day, external_id) DO NOTHING RETURNING id",
            params)  # type: ignore[return-value]


def _demo() -> bool:
    from ..sandbox import demo_mode

    return demo_mode()
