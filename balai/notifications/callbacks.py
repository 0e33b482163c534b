"""Delivery reports from providers: signed callbacks (HMAC-SHA256 over ``timestamp.body``,
headers ``X-Sandbox-Timestamp`` / ``X-Sandbox-Signature``, five minutes of tolerance)."""

from __future__ import annotations

import hmac
import json
import os
import time
import urllib.request

from . import conf
from .delivery import record_status
from .providers.sandbox import signature, signed_status

TOLERANCE_SECONDS = 300


class CallbackRejected(Exception):
    pass


def receive_sandbox(body: bytes, timestamp: str, sig: str, *, now: float | None = None) -> bool:
    """Verify and apply one sandbox report; CallbackRejected when it is not ours or too old."""
    if not timestamp.isdigit() or not sig:
        raise CallbackRejected("missing signature")
    if abs((now or time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        raise CallbackRejected("stale timestamp")
    if not hmac.compare_digest(signature(conf.callback_secret(), timestamp, body), sig):
        raise CallbackRejected("bad signature")
    data = json.loads(body)
    return record_status("sandbox", str(data["ref"]), str(data["status"]), str(data.get("reason", ""))[:300])


def post_sandbox_report(ref: str, status: str, reason: str = "") -> bool:
    """Send a sandbox report: over HTTP to ``NOTIFY_SANDBOX_CALLBACK_URL`` when set (a separate web
    process, as a real gateway would), else through the same verification in this process."""
    body, stamp, sig = signed_status(ref, status, reason)
    url = os.environ.get("NOTIFY_SANDBOX_CALLBACK_URL", "")
    if not url:
        return receive_sandbox(body, stamp, sig)
    if not url.startswith(("http://", "https://")):
        raise ValueError("NOTIFY_SANDBOX_CALLBACK_URL must be an http(s) URL")
    headers = {"Content-Type": "application/json", "X-Sandbox-Timestamp": stamp, "X-Sandbox-Signature": sig}
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 - checked above
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - configured URL
        return 200 <= response.status < 300
