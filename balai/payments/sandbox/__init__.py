"""Sandbox payment gateway: a bank double for development, demos and tests (README, "Sandbox
payment gateway"). ``bank_from_settings()`` gives the bank configured for this process.

Anyone who reaches the sandbox bank can make a "paid" notification for any payment code, so it
runs only in demo mode (``settings.DEMO``, from ``BALAI_DEMO=1``; production settings refuse demo
mode at start-up): the embedded bank and its pages at /sandbox-bank/ (not even routed otherwise),
and the stand-alone ``balai sandbox_gateway``. Every page it serves carries a "sandbox" banner."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings

from ..gateways.base import GatewayError
from .bank import Dispatcher, SandboxBank

_lock = threading.Lock()
_dispatchers: dict[str, Dispatcher] = {}


class SandboxDisabled(GatewayError):
    """The sandbox bank was asked for outside demo mode."""


def demo_mode() -> bool:
    """Whether the doubles of outside parties may run in this process (read at call time, so a
    test can turn it on through ``settings``)."""
    return bool(getattr(settings, "DEMO", False)) and not settings.PRODUCTION


def bank_from_settings() -> SandboxBank:
    if not demo_mode():
        raise SandboxDisabled("the sandbox bank runs only in demo mode (BALAI_DEMO=1)")
    conf: dict[str, Any] = settings.PAYMENTS_SANDBOX
    base = conf["PUBLIC_URL"] if not conf["EMBEDDED"] else settings.PUBLIC_BASE_URL + "/sandbox-bank"
    return SandboxBank(db_path=conf["DB"], secret=conf["SECRET"], webhook_url=conf["WEBHOOK_URL"], base_url=base)


def ensure_dispatcher(bank: SandboxBank) -> Dispatcher:
    """One delivery thread per process and sandbox database (embedded mode)."""
    with _lock:
        key = f"{bank.db_path}|{bank.webhook_url}"
        dispatcher = _dispatchers.get(key)
        if dispatcher is None or not dispatcher.is_alive():
            dispatcher = Dispatcher(bank)
            dispatcher.start()
            _dispatchers[key] = dispatcher
        return dispatcher


def stop_dispatchers() -> None:
    with _lock:
        for dispatcher in _dispatchers.values():
            dispatcher.stop()
        _dispatchers.clear()


__all__ = ["Dispatcher", "SandboxBank", "SandboxDisabled", "bank_from_settings", "demo_mode", "ensure_dispatcher",
           "stop_dispatchers"]
