"""The signer plugin interface. A signer turns rendered PDF bytes into signed PDF bytes.

Plugins: ``local`` (PAdES with key + certificate files, the embedded default) and ``bsre`` (the
national CA, a documented plugin point that is not configured yet). Another plugin is a subclass of
``DocumentSigner`` registered with ``register_signer`` (or named by dotted path in DOCUMENT_SIGNER).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


def run_outside_event_loop(fn: Callable[[], T]) -> T:
    """pyHanko's synchronous API calls ``asyncio.run``, which refuses to start inside a running
    event loop (an async view, or a thread that drives Playwright's sync API). Run it in a
    helper thread then; otherwise call it directly."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


class NotConfigured(ImproperlyConfigured):
    """The chosen signer cannot sign on this installation; the message says what is missing."""


@dataclass(frozen=True)
class SignRequest:
    signer_name: str
    signer_title: str
    signer_nip: str
    signed_at: dt.datetime
    reason: str
    paper: str = "a4"
    # Shown in the stamp; the QR in the page body carries the verification URL.
    document_number: str = ""


@dataclass(frozen=True)
class SignResult:
    pdf: bytes
    plugin: str
    certificate_subject: str
    certificate_serial: str
    # True when the signed file still conforms to the PDF/A part the renderer produced.
    keeps_pdfa: bool


class DocumentSigner(ABC):
    """Built once per process with the DOCUMENT_SIGNING_* settings as keyword arguments
    (key_path, cert_path, chain_paths, trust_root_paths, passphrase, location)."""

    name: str = ""
    # Printed as the signer when the caller names no official (e.g. receipts sealed by the system).
    display_name: str = ""

    @abstractmethod
    def sign(self, pdf: bytes, request: SignRequest) -> SignResult:
        """Return the signed PDF. Must sign incrementally (the rendered bytes stay a prefix)."""
