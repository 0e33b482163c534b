"""Settings of the SNAP biller interface and of QRIS payloads (``getattr(settings, NAME, default)``;
environment variables read here, never in ``balai/settings.py``)."""

from __future__ import annotations

import base64
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def token_ttl() -> int:
    """Seconds an access token lives (SNAP: ``expiresIn``, typically 900)."""
    return int(getattr(settings, "SNAP_TOKEN_TTL", os.environ.get("SNAP_TOKEN_TTL", "900")))


def timestamp_tolerance() -> int:
    """Seconds an ``X-TIMESTAMP`` may differ from Balai's clock (either way)."""
    return int(getattr(settings, "SNAP_TIMESTAMP_TOLERANCE", os.environ.get("SNAP_TIMESTAMP_TOLERANCE", "300")))


def partner_cache_seconds() -> int:
    """Seconds a worker process keeps a bank's partner row between calls (0: read it every call).
    A deactivation or secret rotation reaches every process within this time."""
    return int(getattr(settings, "SNAP_PARTNER_CACHE_SECONDS", os.environ.get("SNAP_PARTNER_CACHE_SECONDS", "30")))


def secret_keys() -> list[bytes]:
    """Fernet keys for the banks' client secrets: the first encrypts, all decrypt (rotation).

    ``SNAP_SECRETS_KEYS`` (comma-separated Fernet keys) in production; otherwise one key derived
    from ``SECRET_KEY`` with HKDF, so a development database stays readable."""
    configured = getattr(settings, "SNAP_SECRETS_KEYS", None) or os.environ.get("SNAP_SECRETS_KEYS", "")
    if isinstance(configured, str):
        configured = [k.strip() for k in configured.split(",") if k.strip()]
    if configured:
        return [k.encode() if isinstance(k, str) else k for k in configured]
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=b"balai-snap-client-secrets").derive(settings.SECRET_KEY.encode())
    return [base64.urlsafe_b64encode(derived)]


def sandbox() -> dict[str, Any]:
    """The SNAP sandbox bank (demo mode only): where it listens and where its key pair lives."""
    default = {
        "URL": os.environ.get("SNAP_SANDBOX_URL", "http://127.0.0.1:8766"),
        "BALAI_URL": os.environ.get("SNAP_SANDBOX_BALAI_URL", settings.PUBLIC_BASE_URL),
        "KEY_FILE": os.environ.get("SNAP_SANDBOX_KEY_FILE", str(settings.VAR_DIR / "snap_sandbox_bank.json")),
        "PARTNER_ID": "SANDBOXBANK01",
        "PARTNER_SERVICE_ID": "88990",
        "CHANNEL_ID": "95221",
    }
    return {**default, **getattr(settings, "SNAP_SANDBOX", {})}


def qris() -> dict[str, str]:
    """Merchant data of Balai's QRIS payloads (from the acquiring bank; UNCONFIRMED until a bank
    is contracted). ``NMID`` empty means QRIS is not offered, except in demo mode, where the
    sandbox values below are used and labelled sandbox."""
    default = {
        "GUI": os.environ.get("QRIS_GUI", "ID.CO.QRIS.WWW"),  # global unique identifier of the scheme
        "ACQUIRER_GUI": os.environ.get("QRIS_ACQUIRER_GUI", ""),  # e.g. the acquirer's reverse domain
        "MERCHANT_PAN": os.environ.get("QRIS_MERCHANT_PAN", ""),  # merchant PAN from the acquirer
        "MERCHANT_ID": os.environ.get("QRIS_MERCHANT_ID", ""),
        "NMID": os.environ.get("QRIS_NMID", ""),  # national merchant ID (ID…)
        "MCC": os.environ.get("QRIS_MCC", "9311"),  # tax payments
        "CRITERIA": os.environ.get("QRIS_CRITERIA", "UBE"),  # merchant criteria (QRIS: UMI/UKE/UME/UBE/URE)
        "NAME": os.environ.get("QRIS_MERCHANT_NAME", "BAPENDA JATIM"),
        "CITY": os.environ.get("QRIS_MERCHANT_CITY", "SURABAYA"),
        "POSTAL_CODE": os.environ.get("QRIS_POSTAL_CODE", "60271"),
    }
    return {**default, **getattr(settings, "PAYMENTS_QRIS", {})}


SANDBOX_QRIS = {"ACQUIRER_GUI": "ID.BALAI.SANDBOX", "MERCHANT_PAN": "9360000000000000001",
                "MERCHANT_ID": "SANDBOX0001", "NMID": "ID0000SANDBOX01"}
