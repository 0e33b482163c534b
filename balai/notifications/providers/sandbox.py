"""The sandbox SMS/WhatsApp provider: demo mode and tests only. It "sends" by writing a row the
inbox page (/sandbox-notify/) shows, and reports delivery like a gateway would: a signed
(HMAC-SHA256 over timestamp + body) status callback, posted to Balai's callback endpoint through
the outbox. Numbers ending in 0000 are "not on WhatsApp"/"unreachable" (a permanent failure), so
fail-over can be seen in the demo."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import conf
from ..models import SandboxMessage
from . import OutgoingMessage, PermanentFailure, register_provider


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed_status(ref: str, status: str, reason: str = "") -> tuple[bytes, str, str]:
    """A status callback as the sandbox posts it: (body, timestamp, signature)."""
    body = json.dumps({"ref": ref, "status": status, "reason": reason}).encode()
    stamp = str(int(time.time()))
    return body, stamp, signature(conf.callback_secret(), stamp, body)


class SandboxProvider:
    code = "sandbox"

    def send(self, message: OutgoingMessage) -> str:
        if not conf.demo_mode():
            raise PermanentFailure("penyedia sandbox hanya berjalan dalam mode demo")
        if message.to.endswith("0000"):
            raise PermanentFailure("nomor tidak dapat dijangkau (sandbox)")
        ref = f"sbx-{message.ref}"
        try:
            with transaction.atomic():
                SandboxMessage.objects.create(ref=ref, channel=message.channel, to=message.to, body=message.body,
                                              created_at=timezone.now())
        except IntegrityError:
            return ref  # the same reference again: already accepted, not a second message
        from balai.core.outbox import enqueue

        enqueue("balai.notifications.tasks.sandbox_report", robust=True, ref=ref, status="delivered")
        return ref


register_provider("sandbox", SandboxProvider)
