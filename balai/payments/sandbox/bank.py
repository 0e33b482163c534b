"""The sandbox bank: a VA/QRIS provider double that keeps its own books.

It knows nothing of Django models: its state is a small SQLite file of its own (standard
library ``sqlite3``), so several web processes (gunicorn workers in the embedded mode) and the
stand-alone ``balai sandbox_gateway`` server share it. Notifications go through an outbox and
are delivered by ``deliver_due`` — signed (HMAC-SHA256 over timestamp + body), re-signed at
every try, retried with back-off until Balai answers 2xx.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..gateways.base import hmac_signature
from ..qris import crc16_ccitt_false, tlv

log = logging.getLogger("balai.payments.sandbox")

# Seconds to wait before try n+1 (GOV.UK Pay webhooks use a similar doubling schedule).
BACKOFF = (1, 2, 4, 8, 15, 30, 60, 120, 300, 600)
MAX_ATTEMPTS = 25
VA_PREFIX = "8808"  # "bank code" of the sandbox bank, put in front of the kode bayar

SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
  ref TEXT PRIMARY KEY, payment_code TEXT NOT NULL, amount INTEGER NOT NULL, method TEXT NOT NULL,
  va_number TEXT, qris_payload TEXT, status TEXT NOT NULL, bank_ref TEXT, paid_amount INTEGER,
  return_url TEXT, created_at TEXT NOT NULL, paid_at TEXT, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, ref TEXT NOT NULL, body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL NOT NULL, delivered_at REAL, last_status INTEGER,
  last_error TEXT, given_up INTEGER NOT NULL DEFAULT 0);
"""


def _now() -> datetime:
    return datetime.now(UTC)


def qris_payload(*, ref: str, amount: int) -> str:
    """A dynamic QRIS-shaped EMVCo payload (merchant info is the sandbox's, not a real NMID)."""
    merchant = tlv("00", "ID.BALAI.SANDBOX") + tlv("01", ref[:25])
    body = (tlv("00", "01") + tlv("01", "12") + tlv("26", merchant) + tlv("52", "9399") + tlv("53", "360")
            + tlv("54", str(amount)) + tlv("58", "ID") + tlv("59", "BALAI JATIM") + tlv("60", "SURABAYA")
            + "6304")
    return body + crc16_ccitt_false(body.encode())


class SandboxBank:
    def __init__(self, *, db_path: str | Path, secret: str, webhook_url: str, base_url: str = ""):
        self.db_path, self.secret, self.webhook_url = str(db_path), secret, webhook_url
        self.base_url = base_url.rstrip("/")
        Path(self.db_path).parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self, write: bool = False):
        db = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            if write:
                db.execute("BEGIN IMMEDIATE")
            yield db
            if write:
                db.execute("COMMIT")
        except BaseException:
            if write and db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    # --- payments ----------------------------------------------------------------------------
    def create(self, *, payment_code: str, amount: int, method: str = "va", return_url: str = "",
               valid_minutes: int = 24 * 60) -> dict[str, Any]:
        if method not in ("va", "qris"):
            raise ValueError("method must be va or qris")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ValueError("amount must be a positive integer (rupiah)")
        ref = "SBX" + secrets.token_hex(8).upper()
        now = _now()
        row = {"ref": ref, "payment_code": payment_code, "amount": amount, "method": method,
               "va_number": VA_PREFIX + payment_code if method == "va" else "",
               "qris_payload": qris_payload(ref=ref, amount=amount) if method == "qris" else "",
               "status": "pending", "return_url": return_url, "created_at": now.isoformat(),
               "expires_at": (now + timedelta(minutes=valid_minutes)).isoformat()}
        with self._db(write=True) as db:
            db.execute("INSERT INTO payments (ref, payment_code, amount, method, va_number, qris_payload, status, "
                       "return_url, created_at, expires_at) VALUES (:ref, :payment_code, :amount, :method, "
                       ":va_number, :qris_payload, :status, :return_url, :created_at, :expires_at)", row)
        return self.get(ref)  # type: ignore[return-value]

    def get(self, ref: str) -> dict[str, Any] | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM payments WHERE ref = ?", (ref,)).fetchone()
        if row is None:
            return None
        data = dict(row)
        data["pay_url"] = f"{self.base_url}/pay/{ref}"
        return data

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM payments ORDER BY created_at DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

    def pay(self, ref: str, *, amount: int | None = None, bank_ref: str | None = None) -> dict[str, Any]:
        """The payer pays. ``amount`` may differ from the bill (to test mismatches)."""
        with self._db(write=True) as db:
            row = db.execute("SELECT * FROM payments WHERE ref = ?", (ref,)).fetchone()
            if row is None:
                raise KeyError(ref)
            if row["status"] == "paid":
                return dict(row)
            paid_amount = row["amount"] if amount is None else int(amount)
            bank_ref = bank_ref or "TRX" + secrets.token_hex(8).upper()
            paid_at = _now().isoformat()
            db.execute("UPDATE payments SET status='paid', bank_ref=?, paid_amount=?, paid_at=? WHERE ref=?",
                       (bank_ref, paid_amount, paid_at, ref))
            self._enqueue(db, ref=ref, kind="payment.paid", status="paid", payment_code=row["payment_code"],
                          amount=paid_amount, bank_ref=bank_ref, paid_at=paid_at)
        return self.get(ref)  # type: ignore[return-value]

    def fail(self, ref: str) -> dict[str, Any]:
        with self._db(write=True) as db:
            row = db.execute("SELECT * FROM payments WHERE ref = ?", (ref,)).fetchone()
            if row is None:
                raise KeyError(ref)
            if row["status"] == "pending":
                db.execute("UPDATE payments SET status='failed' WHERE ref=?", (ref,))
                self._enqueue(db, ref=ref, kind="payment.failed", status="failed", payment_code=row["payment_code"],
                              amount=row["amount"], bank_ref="", paid_at="")
        return self.get(ref)  # type: ignore[return-value]

    def redeliver(self, ref: str) -> int:
        """Send every notification of this payment again (as a bank does after an outage)."""
        with self._db(write=True) as db:
            return db.execute("UPDATE outbox SET delivered_at=NULL, given_up=0, next_attempt_at=? WHERE ref=?",
                              (time.time(), ref)).rowcount

    def _enqueue(self, db, *, ref: str, kind: str, status: str, payment_code: str, amount: int, bank_ref: str,
                 paid_at: str) -> None:
        event_id = "EVT" + secrets.token_hex(10).upper()
        body = json.dumps({"event_id": event_id, "type": kind, "status": status, "gateway_ref": ref,
                           "payment_code": payment_code, "amount": amount, "bank_ref": bank_ref,
                           "paid_at": paid_at}, separators=(",", ":"))
        db.execute("INSERT INTO outbox (event_id, ref, body, next_attempt_at) VALUES (?, ?, ?, ?)",
                   (event_id, ref, body, time.time()))

    # --- webhook delivery --------------------------------------------------------------------
    def signed_headers(self, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        return {"Content-Type": "application/json", "X-Sandbox-Timestamp": ts,
                "X-Sandbox-Signature": hmac_signature(self.secret, ts, body)}

    def outbox(self, ref: str | None = None) -> list[dict[str, Any]]:
        with self._db() as db:
            if ref:
                rows = db.execute("SELECT * FROM outbox WHERE ref = ? ORDER BY id", (ref,)).fetchall()
            else:
                rows = db.execute("SELECT * FROM outbox ORDER BY id").fetchall()
        return [dict(r) for r in rows]

    def deliver_due(self, *, now: float | None = None, timeout: float = 10) -> int:
        """Try every notification that is due once; returns how many were delivered."""
        now = time.time() if now is None else now
        with self._db(write=True) as db:
            due = [dict(r) for r in db.execute(
                "SELECT * FROM outbox WHERE delivered_at IS NULL AND given_up = 0 AND next_attempt_at <= ? "
                "ORDER BY id LIMIT 50", (now,)).fetchall()]
            # Claim them so that a second dispatcher (another worker) does not send the same try.
            for item in due:
                db.execute("UPDATE outbox SET next_attempt_at = ? WHERE id = ?", (now + 60, item["id"]))
        delivered = 0
        for item in due:
            status, error = self._post(item["body"].encode(), timeout=timeout)
            attempts = item["attempts"] + 1
            ok = status is not None and 200 <= status < 300
            delay = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
            with self._db(write=True) as db:
                db.execute("UPDATE outbox SET attempts=?, last_status=?, last_error=?, delivered_at=?, "
                           "next_attempt_at=?, given_up=? WHERE id=?",
                           (attempts, status, error[:300], time.time() if ok else None, time.time() + delay,
                            int(not ok and attempts >= MAX_ATTEMPTS), item["id"]))
            delivered += ok
            if not ok:
                log.info("sandbox webhook %s try %s failed (%s %s); next in %ss", item["event_id"], attempts,
                         status, error, delay)
        return delivered

    def _post(self, body: bytes, *, timeout: float) -> tuple[int | None, str]:
        request = urllib.request.Request(self.webhook_url, data=body, method="POST",  # noqa: S310
                                         headers=self.signed_headers(body))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured URL
                return response.status, ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(300).decode(errors="replace")
        except (urllib.error.URLError, OSError) as exc:
            return None, str(exc)


class Dispatcher(threading.Thread):
    """Background delivery loop (one per process and bank)."""

    def __init__(self, bank: SandboxBank, *, interval: float = 0.3):
        super().__init__(name="sandbox-webhooks", daemon=True)
        self.bank, self.interval = bank, interval
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.bank.deliver_due()
            except Exception:  # keep delivering whatever one try raised
                log.exception("sandbox webhook delivery loop")
            self.stop_event.wait(self.interval)

    def stop(self) -> None:
        self.stop_event.set()
