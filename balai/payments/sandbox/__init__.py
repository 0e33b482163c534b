"""Sandbox payment gateway: a bank double for development, demos and tests (README, "Sandbox
payment gateway"). ``bank_from_settings()`` gives the bank configured for this process."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings

from .bank import Dispatcher, SandboxBank

_lock = threading.Lock()
_dispatchers: dict[str, Dispatcher] = {}


def bank_from_settings() -> SandboxBank:
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


__all__ = ["SandboxBank", "Dispatcher", "bank_from_settings", "ensure_dispatcher", "stop_dispatchers"]
