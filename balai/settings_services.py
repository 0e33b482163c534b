"""Settings of Balai's services: payments, vehicles, cases, the audit log and signed documents.

Split from ``balai/settings.py`` (which star-imports this module) to keep each settings module
readable; the newer apps keep theirs in ``balai/<app>/conf.py``. Everything from the environment.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

from .settings_env import (
    CELERY_BROKER_URL,
    DEMO,
    PUBLIC_BASE_URL,
    SECRET_KEY,
    VAR_DIR,
    env_bool,
    env_list,
    key_from_env_or_file,
)

# --- Payments ---------------------------------------------------------------------------
# Demo mode also offers a bank transfer through the SNAP sandbox bank (balai/payments/snap/), which
# speaks the banks' protocol end to end; both doubles run only in demo mode.
PAYMENTS_GATEWAYS = env_list("PAYMENTS_GATEWAYS", "sandbox,snap" if DEMO else "sandbox")
PAYMENTS_BILL_VALID_DAYS = int(os.environ.get("PAYMENTS_BILL_VALID_DAYS", "7"))
# Idempotency-Key claims without an answer older than this were left by a dead process and are
# taken over by a retry (balai.payments.idempotency). Keep it above gunicorn's --timeout (30 s).
IDEMPOTENCY_LEASE_SECONDS = int(os.environ.get("IDEMPOTENCY_LEASE_SECONDS", "60"))
PAYMENTS_WEBHOOK_TOLERANCE = 300  # seconds: older or future-dated webhook timestamps are refused
PAYMENTS_ISSUING_UNIT = os.environ.get("PAYMENTS_ISSUING_UNIT", "Bapenda Provinsi Jawa Timur")
PAYMENTS_SANDBOX = {
    # Embedded default (no broker): the sandbox bank runs inside Balai at /sandbox-bank/ so that
    # `make run` shows a payment end to end; otherwise `balai sandbox_gateway` serves it at URL.
    # Either way only in demo mode (DEMO above; balai.payments.sandbox.demo_mode).
    "EMBEDDED": env_bool("SANDBOX_GATEWAY_EMBEDDED", DEMO and not CELERY_BROKER_URL),
    "URL": os.environ.get("SANDBOX_GATEWAY_URL", "http://127.0.0.1:8765"),
    "PUBLIC_URL": os.environ.get("SANDBOX_GATEWAY_PUBLIC_URL", os.environ.get("SANDBOX_GATEWAY_URL",
                                                                               "http://127.0.0.1:8765")),
    "SECRET": os.environ.get("SANDBOX_GATEWAY_SECRET")
    or hmac.new(SECRET_KEY.encode(), b"sandbox-gateway-webhooks", hashlib.sha256).hexdigest(),
    "WEBHOOK_URL": os.environ.get("SANDBOX_WEBHOOK_URL", f"{PUBLIC_BASE_URL}/api/payments/webhooks/sandbox/"),
    "DB": os.environ.get("SANDBOX_GATEWAY_DB", str(VAR_DIR / "sandbox_gateway.sqlite3")),
}
# bench/payments.py and bench/cases.py only: bare one-query views to compare the endpoints against.
BENCH_URLS = env_bool("BALAI_BENCH_URLS")

# --- Vehicles (balai.vehicles) ----------------------------------------------------------------
# A tax year is billed from this many days before its due date (earlier, the page shows the next
# due date and no pay button, and no bill is issued); the STNK notice shows from this many days
# before the STNK expires.
VEHICLES_PAYMENT_WINDOW_DAYS = int(os.environ.get("VEHICLES_PAYMENT_WINDOW_DAYS", "30"))
VEHICLES_STNK_NOTICE_DAYS = int(os.environ.get("VEHICLES_STNK_NOTICE_DAYS", "30"))

# --- Cases (balai.cases) ----------------------------------------------------------------------
# Largest accepted attachment; a requirement may ask for less, never more.
CASES_MAX_UPLOAD_BYTES = int(os.environ.get("CASES_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))

# --- Audit log -------------------------------------------------------------------------------
# Chains are partitioned per (day, shard); see balai/core/audit.py for why.
AUDIT_SHARDS = int(os.environ.get("AUDIT_SHARDS", "16"))

# --- Signed documents (balai.documents; see balai/documents/signers/) ------------------------
# "local": PAdES with the key + certificate files below (`balai init_signing` makes a development
# CA and signer in var/signing/). "bsre": the national CA plugin point (not configured yet).
DOCUMENT_SIGNER = os.environ.get("DOCUMENT_SIGNER", "local")
DOCUMENT_SIGNING_DIR = Path(os.environ.get("DOCUMENT_SIGNING_DIR", VAR_DIR / "signing"))
DOCUMENT_SIGNING_KEY = os.environ.get("DOCUMENT_SIGNING_KEY", str(DOCUMENT_SIGNING_DIR / "signer.key.pem"))
DOCUMENT_SIGNING_CERT = os.environ.get("DOCUMENT_SIGNING_CERT", str(DOCUMENT_SIGNING_DIR / "signer.cert.pem"))
DOCUMENT_SIGNING_KEY_PASSPHRASE = os.environ.get("DOCUMENT_SIGNING_KEY_PASSPHRASE", "")
# Issuer chain embedded in each signature, and the roots an uploaded PDF is validated against.
DOCUMENT_SIGNING_CHAIN = env_list("DOCUMENT_SIGNING_CHAIN", str(DOCUMENT_SIGNING_DIR / "ca.cert.pem"))
DOCUMENT_TRUST_ROOTS = env_list("DOCUMENT_TRUST_ROOTS", str(DOCUMENT_SIGNING_DIR / "ca.cert.pem"))
DOCUMENT_SIGNING_LOCATION = os.environ.get("DOCUMENT_SIGNING_LOCATION", "Surabaya, Jawa Timur, ID")
DOCUMENT_PDF_VARIANT = os.environ.get("DOCUMENT_PDF_VARIANT", "pdf/a-3b")  # "" for plain PDF
DOCUMENT_VERIFY_MAX_BYTES = int(os.environ.get("DOCUMENT_VERIFY_MAX_BYTES", str(10 * 1024 * 1024)))
# Number formats per document type (JSON object in the environment overrides single entries);
# placeholders: {prefix} {unit} {year} {month} {month_roman} {seq}. See balai/documents/numbering.py.
DOCUMENT_NUMBER_FORMATS: dict[str, str] = json.loads(os.environ.get("DOCUMENT_NUMBER_FORMATS", "{}"))
# Short codes of issuing units for numbers, e.g. {"Dispendukcapil Kota Surabaya": "3578"} (JSON).
DOCUMENT_UNIT_CODES: dict[str, str] = json.loads(os.environ.get("DOCUMENT_UNIT_CODES", "{}"))


# Key of the verification-token HMAC. Printed QR codes live for decades, so it is kept apart from
# SECRET_KEY: rotating SECRET_KEY must not break every document already on paper.
DOCUMENT_TOKEN_KEY = key_from_env_or_file("DOCUMENT_TOKEN_KEY", "document_token_key")
