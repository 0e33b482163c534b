"""The contract every payment gateway plugin fulfils.

A plugin starts a payment (the payer gets a virtual-account number, a QRIS payload or a redirect),
turns a signed webhook into a ``Notification`` (or refuses it), and answers a status query for
reconciliation. Plugins never touch bills or payments: ``webhooks.py`` and ``reconciliation.py``
feed what they return into ``services.payment_post``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings

from balai.core.errors import DomainError


class GatewayError(Exception):
    """The gateway could not be reached or refused a request."""


class WebhookRejected(DomainError):
    """A webhook that must not be processed; ``code`` is the stable API error code."""

    def __init__(self, code: str, message: str, status_code: int = 401):
        super().__init__(code, message, status_code=status_code)


@dataclass(frozen=True)
class Instructions:
    kind: str  # "va" | "qris" | "redirect"
    gateway_ref: str
    va_number: str = ""
    qris_payload: str = ""
    redirect_url: str = ""
    pay_url: str = ""  # sandbox only: where a tester "pays"
    expires_at: str = ""

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Notification:
    event_id: str
    status: str  # "paid" | "failed" | "expired"
    gateway_ref: str
    payment_code: str
    amount: int
    external_ref: str = ""  # the bank's transaction reference (only for "paid")
    paid_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusResult:
    status: str  # "pending" | "paid" | "failed" | "expired"
    amount: int | None = None
    external_ref: str = ""
    paid_at: datetime | None = None


def hmac_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``"<timestamp>." + body``: the timestamp is signed, so it cannot be
    refreshed by whoever replays a captured request."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify_hmac(*, secret: str, timestamp: str, signature: str, body: bytes, now: float | None = None,
                tolerance: int | None = None) -> None:
    """Raise ``WebhookRejected`` unless the signature matches (constant time) and is fresh."""
    tolerance = settings.PAYMENTS_WEBHOOK_TOLERANCE if tolerance is None else tolerance
    if not timestamp.isdigit() or not signature:
        raise WebhookRejected("invalid_signature", "missing or malformed signature headers")
    expected = hmac_signature(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise WebhookRejected("invalid_signature", "signature does not match")
    now = time.time() if now is None else now
    # Checked after the signature so that an attacker learns nothing about the window.
    if abs(now - int(timestamp)) > tolerance:
        raise WebhookRejected("stale_timestamp", "timestamp outside the accepted window")


class Gateway:
    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    methods: ClassVar[tuple[str, ...]] = ()

    def start_payment(self, *, bill, method: str, return_url: str = "") -> Instructions:
        raise NotImplementedError

    def parse_webhook(self, *, headers: Mapping[str, str], body: bytes) -> tuple[Notification, str]:
        """Verify and parse; returns the notification and the signature used (for replay checks)."""
        raise NotImplementedError

    def query_status(self, *, gateway_ref: str) -> StatusResult:
        raise NotImplementedError


class Registry:
    """Name → plugin. Tests can build their own ``Registry`` and register fakes in it."""

    def __init__(self) -> None:
        self._plugins: dict[str, Gateway] = {}

    def register(self, cls: type[Gateway]) -> type[Gateway]:
        if not cls.name:
            raise ValueError("a gateway needs a name")
        self._plugins[cls.name] = cls()
        return cls

    def unregister(self, name: str) -> None:
        self._plugins.pop(name, None)

    def get(self, name: str) -> Gateway | None:
        if name not in settings.PAYMENTS_GATEWAYS:
            return None
        return self._plugins.get(name)

    def __getitem__(self, name: str) -> Gateway:
        plugin = self.get(name)
        if plugin is None:
            raise KeyError(name)
        return plugin

    def enabled(self) -> list[Gateway]:
        return [p for n, p in self._plugins.items() if n in settings.PAYMENTS_GATEWAYS]


registry = Registry()
