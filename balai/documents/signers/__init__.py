"""Signer plugins and their registry (see base.py). ``get_signer()`` returns the configured one,
built once per process per configuration."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

from .base import DocumentSigner, NotConfigured, SignRequest, SignResult

__all__ = ["DocumentSigner", "NotConfigured", "SignRequest", "SignResult", "get_signer", "register_signer",
           "reset_signer_cache"]

SignerFactory = Callable[..., DocumentSigner]
_registry: dict[str, SignerFactory] = {}
_cache: dict[tuple, DocumentSigner] = {}
_lock = threading.Lock()


def register_signer(name: str, factory: SignerFactory) -> None:
    _registry[name] = factory


def _builtin() -> None:
    if "local" not in _registry:
        from .bsre import BsreSigner
        from .local import LocalPadesSigner

        register_signer("local", LocalPadesSigner)
        register_signer("bsre", BsreSigner)


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _config() -> tuple:
    # File times are part of the key: `balai init_signing --force` replaces the files in place.
    return (settings.DOCUMENT_SIGNER, settings.DOCUMENT_SIGNING_KEY, settings.DOCUMENT_SIGNING_CERT,
            tuple(settings.DOCUMENT_SIGNING_CHAIN), tuple(settings.DOCUMENT_TRUST_ROOTS),
            settings.DOCUMENT_SIGNING_KEY_PASSPHRASE, settings.DOCUMENT_SIGNING_LOCATION,
            _mtime(settings.DOCUMENT_SIGNING_KEY), _mtime(settings.DOCUMENT_SIGNING_CERT))


def get_signer() -> DocumentSigner:
    """The configured signer. Raises NotConfigured with a message that says what to do."""
    _builtin()
    config = _config()
    signer = _cache.get(config)
    if signer is None:
        with _lock:
            signer = _cache.get(config)
            if signer is None:
                name = config[0]
                factory = _registry.get(name)
                if factory is None:
                    try:
                        factory = import_string(name)
                    except ImportError as exc:
                        raise NotConfigured(f"Unknown DOCUMENT_SIGNER {name!r}; known: {sorted(_registry)}") from exc
                signer = factory(key_path=config[1], cert_path=config[2], chain_paths=list(config[3]),
                                 trust_root_paths=list(config[4]), passphrase=config[5], location=config[6])
                _cache[config] = signer
    return signer


def reset_signer_cache() -> None:
    """Forget built signers (tests, and after `balai init_signing --force` in the same process)."""
    _cache.clear()
