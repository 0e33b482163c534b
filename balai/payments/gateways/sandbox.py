"""The sandbox gateway plugin: talks to the sandbox bank (in-process when embedded, else HTTP)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings

from .base import (
    Gateway,
    GatewayError,
    Instructions,
    Notification,
    StatusResult,
    WebhookRejected,
    registry,
    verify_hmac,
)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value)


@registry.register
class SandboxGateway(Gateway):
    name = "sandbox"
    label = "Bank Sandbox (VA/QRIS)"
    methods = ("va", "qris")

    @property
    def conf(self) -> dict[str, Any]:
        return settings.PAYMENTS_SANDBOX

    def _call(self, method: str, path: str, data: dict | None = None) -> dict[str, Any]:
        if self.conf["EMBEDDED"]:
            from ..sandbox import bank_from_settings, ensure_dispatcher
            from ..sandbox.server import handle

            bank = bank_from_settings()
            ensure_dispatcher(bank)
            status, _, body = handle(bank, method, path, json.dumps(data).encode() if data else b"",
                                     prefix="/sandbox-bank")
        else:
            request = urllib.request.Request(self.conf["URL"].rstrip("/") + path, method=method,  # noqa: S310
                                             data=json.dumps(data).encode() if data else None,
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - configured URL
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as exc:
                status, body = exc.code, exc.read()
            except (urllib.error.URLError, OSError) as exc:
                raise GatewayError(f"sandbox gateway unreachable: {exc}") from exc
        if status >= 400:
            raise GatewayError(f"sandbox gateway answered {status}: {body[:200]!r}")
        return json.loads(body)

    def start_payment(self, *, bill, method: str, return_url: str = "") -> Instructions:
        if method not in self.methods:
            raise GatewayError(f"unsupported method {method}")
        data = self._call("POST", "/api/payments", {"payment_code": bill.payment_code, "amount": bill.total,
                                                     "method": method, "return_url": return_url})
        return Instructions(kind=method, gateway_ref=data["ref"], va_number=data.get("va_number") or "",
                            qris_payload=data.get("qris_payload") or "", pay_url=data.get("pay_url") or "",
                            expires_at=data.get("expires_at") or "")

    def parse_webhook(self, *, headers: Mapping[str, str], body: bytes) -> tuple[Notification, str]:
        signature = headers.get("X-Sandbox-Signature", "")
        verify_hmac(secret=self.conf["SECRET"], timestamp=headers.get("X-Sandbox-Timestamp", ""),
                    signature=signature, body=body)
        try:
            data = json.loads(body)
            amount = data["amount"]
            if not isinstance(amount, int) or isinstance(amount, bool):
                raise TypeError("amount")
            notification = Notification(
                event_id=str(data["event_id"]), status=str(data["status"]), gateway_ref=str(data["gateway_ref"]),
                payment_code=str(data["payment_code"]), amount=amount, external_ref=str(data.get("bank_ref") or ""),
                paid_at=_parse_time(data.get("paid_at")), raw=data)
        except (ValueError, KeyError, TypeError) as exc:
            raise WebhookRejected("invalid_payload", f"payload not understood: {exc}", status_code=400) from exc
        if notification.status not in ("paid", "failed", "expired"):
            raise WebhookRejected("invalid_payload", "unknown status", status_code=400)
        return notification, signature

    def query_status(self, *, gateway_ref: str) -> StatusResult:
        data = self._call("GET", f"/api/payments/{gateway_ref}")
        return StatusResult(status=data["status"], amount=data.get("paid_amount"),
                            external_ref=data.get("bank_ref") or "", paid_at=_parse_time(data.get("paid_at")))
