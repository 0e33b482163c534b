"""Provider plugins: how a message leaves Balai on a channel.

A provider is an object with:

- ``code`` (str): its name in settings (``NOTIFY_SMS_PROVIDER``, ``NOTIFY_WHATSAPP_PROVIDER``) and in
  the rate limits (``NOTIFY_PROVIDER_RATES``);
- ``send(message: OutgoingMessage) -> str``: hand the message over and return the provider's
  reference for it. It must be **idempotent on ``message.ref``** (Indonesian gateways take a
  client reference — "ref_id"/"trx_id" — and refuse or ignore a duplicate): a worker killed after
  the hand-over and before its commit sends again with the same reference. It raises
  ``TemporaryFailure`` (try again later: time-outs, 5xx, throttling by the gateway) or
  ``PermanentFailure`` (this channel cannot reach this person: invalid number, not on WhatsApp,
  template refused) with a reason for people;
- optionally ``status_callback`` handling: the gateway posts delivery reports to
  ``/notifications/callback/<code>/``; ``parse_callback(request) -> list[(ref, status, reason)]``
  verifies the gateway's signature and reads them (``status`` is ``delivered`` or ``failed``).

Register a provider class with ``register_provider(code, factory)``, from the module that adapts
the gateway (configured by its own environment variables: no credential lives in this repository).
The sandbox provider (``sandbox.py``) is the double for demo mode and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


class TemporaryFailure(Exception):
    """Try again later (with back-off)."""


class PermanentFailure(Exception):
    """This channel cannot deliver this message: fail over to the next channel."""


@dataclass(frozen=True)
class OutgoingMessage:
    ref: str  # unique per delivery: the idempotency key the provider honours
    channel: str
    to: str  # e-mail address or E.164 number
    body: str
    subject: str = ""
    whatsapp_template: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # the template's placeholders (WhatsApp)


class Provider(Protocol):
    code: str

    def send(self, message: OutgoingMessage) -> str: ...


_factories: dict[str, Callable[[], Provider]] = {}


def register_provider(code: str, factory: Callable[[], Provider]) -> None:
    _factories[code] = factory


def get_provider(code: str) -> Provider:
    try:
        return _factories[code]()
    except KeyError:
        raise LookupError(f"notification provider {code!r} is not registered") from None


def registered() -> list[str]:
    return sorted(_factories)
