"""Crash durability (issue #9 item 6): SIGKILL the whole gunicorn process group several times
while citizens submit cases, the sandbox gateway posts payment webhooks and agents record cash
collections; then check on the database that every acknowledged request is there, complete and
posted exactly once.

Usage (from the repository root; PostgreSQL on 127.0.0.1:5432 as user postgres)::

    .venv/bin/python bench/crash.py [--seconds 75] [--kills 5] [--workers 3] [--threads 8] [--lease 15]
                                    [--give-up 90] [--keep-db]

1. Creates the database ``balai_crash`` (dropped at the end unless --keep-db): migrations, the
   Jawa Timur regencies plus one Surabaya district, 16 citizens, a supervisor, two service points
   with two agents each (bearer tokens), and open bills (payment webhooks and cash collections
   use disjoint bills).
2. Starts gunicorn (sync workers, CONN_MAX_AGE=600) on a free port of 127.0.0.1 in its own
   process group, and drives it from a thread pool:
   a) submission: ``POST /api/applications/`` (Idempotency-Key) → two attachment uploads →
      ``POST …/actions/`` ``submit`` with the same key as ``transaction_id``;
   b) webhook: a signed ``payment.paid`` notification for an open bill; a retry is re-signed with
      a fresh timestamp and keeps its event id (what a gateway does);
   c) collection: ``POST /api/partners/collections/`` with an Idempotency-Key the device keeps
      across retries.
   A failed attempt (connection refused/reset, timeout, 5xx, 409 in progress) is retried with
   the same keys until acknowledged (2xx) or ``--give-up`` seconds passed.
3. Every ``seconds / (kills + 1)`` seconds: ``killpg(SIGKILL)``, then a new gunicorn.
4. Checks every acknowledgement against the database and the global invariants (no partial
   rows, no double posting, ledger balanced per agent, ``verify_audit``), prints a table and
   exits 1 on any violation.

``--lease`` sets IDEMPOTENCY_LEASE_SECONDS for the server (15 s, above its 10 s worker timeout):
the time after which a key claimed by a killed worker is taken over by a retry. ``--lease 86400``
shows the behaviour before that fix: a collection committed just before a kill leaves its key
"in progress", the device's retries get 409 until they give up (a violation).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "balai_crash"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SECRET = "crash-webhook-secret"  # noqa: S105 - a scratch database, thrown away
REDIS_DB = "4"
CITIZENS = 16
LEASE = 15  # default IDEMPOTENCY_LEASE_SECONDS for the run: > gunicorn --timeout below
GUNICORN_TIMEOUT = 10
SUBMIT_URL = "/api/applications/"
WEBHOOK_URL = "/api/payments/webhooks/sandbox/"
COLLECT_URL = "/api/partners/collections/"


def psql_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def cpu_model() -> str:
    text = Path("/proc/cpuinfo").read_text()
    return next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("model name")), "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- seeding (in this process, through the services) ---------------------------------------------

def seed(bills: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from balai.accounts.services import Address, citizen_register, staff_create, token_issue
    from balai.core.numbers import scramble, with_check_digit
    from balai.partners.services import agent_attach, point_create
    from balai.payments.models import Beneficiary, Bill, BillLine
    from balai.regions.services import regions_load

    call_command("migrate", "--noinput", verbosity=0)
    regions_load(include=lambda row: row["code"].startswith("35") and (
        row["level"] in ("province", "regency") or row["code"].startswith("357808")))
    citizens = []
    for i in range(1, CITIZENS + 1):
        user = citizen_register(username=f"crash.warga{i}", password=f"pw-{os.urandom(8).hex()}",
                                full_name=f"Warga Crash {chr(64 + i)}", nik=f"35780845129{i + 100:05d}"[:16],
                                email=f"w{i}@crash.local", phone="0812",
                                address=Address("3578081001", f"Jl. Crash {i}", "1", "1"))
        citizens.append(token_issue(user=user, name="crash"))
    supervisor = staff_create(username="crash.supervisor", password=f"pw-{os.urandom(8).hex()}",
                              full_name="Supervisor Crash", email="s@crash.local", role="supervisor",
                              unit="UPT PPD Surabaya Timur", jurisdiction=["3578"])
    agents = []
    for p in range(2):
        point = point_create(by=supervisor, supervisor=supervisor, name=f"Koppontren Crash {p}",
                             village_code="3578081001", address="Jl. Crash", contact_name="Ustadz",
                             contact_phone="031", samsat_unit="UPT PPD Surabaya Timur",
                             cash_limit=10**12, bank_name="Bank Jatim", bank_account_number=f"62000{p}",
                             bank_account_name="Koppontren")
        for a in range(2):
            user = staff_create(username=f"crash.agen{p}{a}", password=f"pw-{os.urandom(8).hex()}",
                                full_name=f"Agen Crash {chr(65 + p)}{chr(65 + a)}", email=f"a{p}{a}@crash.local", role="agent",
                                unit=point.name, jurisdiction=["3578"])
            agent_attach(user=user, point=point, by=supervisor)
            agents.append(token_issue(user=user, name="crash-device"))
    now = timezone.now()
    owners = {b.code: b for b in Beneficiary.objects.filter(code__in=["RKUD-35", "RKUD-3578", "JR-JATIM"])}
    Bill.objects.bulk_create([
        Bill(payment_code=with_check_digit(f"{scramble(n, digits=13, domain='crash'):013d}"), kind="crash",
             subject_type="crash", subject_id=str(n), description="PKB crash", payer_name="Siti Aminah",
             regency_code="3578", total=260_000, issued_at=now, expires_at=now + timezone.timedelta(days=1))
        for n in range(1, bills + 1)], batch_size=2000)
    rows = list(Bill.objects.filter(kind="crash").order_by("pk"))
    lines = []
    for bill in rows:
        lines += [BillLine(bill=bill, position=1, tax_head="pkb", label="PKB", amount=135_542,
                           beneficiary=owners["RKUD-35"]),
                  BillLine(bill=bill, position=2, tax_head="opsen_pkb", label="Opsen PKB", amount=89_458,
                           beneficiary=owners["RKUD-3578"]),
                  BillLine(bill=bill, position=3, tax_head="swdkllj", label="SWDKLLJ", amount=35_000,
                           beneficiary=owners["JR-JATIM"])]
    BillLine.objects.bulk_create(lines, batch_size=5000)
    codes = [(b.payment_code, b.total) for b in rows]
    return {"citizens": citizens, "agents": agents, "webhook_bills": codes[0::2], "collect_bills": codes[1::2]}


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


# --- the server ------------------------------------------------------------------------------

class Server:
    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.kills = 0

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "balai.wsgi:application", "-k", "sync", "-w", str(self.workers),
             "-b", f"127.0.0.1:{self.port}", "--timeout", str(GUNICORN_TIMEOUT), "--log-level", "error"],
            cwd=ROOT, env={**os.environ, **self.env}, start_new_session=True)
        for _ in range(300):
            try:
                requests.get(f"http://127.0.0.1:{self.port}/api/services/", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def kill(self) -> None:
        with self.lock:
            if self.proc is not None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
                self.proc = None
                self.kills += 1

    def stop(self) -> None:
        with self.lock:
            if self.proc is not None:
                try:
                    os.killpg(self.proc.pid, signal.SIGTERM)
                    self.proc.wait(20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait()
                self.proc = None


# --- the clients -----------------------------------------------------------------------------

@dataclass
class Journal:
    """Every attempt sent and every acknowledgement, per kind."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: Counter = field(default_factory=Counter)  # HTTP attempts per kind
    failed: Counter = field(default_factory=Counter)  # attempts without an answer, or 5xx/409
    in_progress: Counter = field(default_factory=Counter)  # 409 idempotency_key_in_progress answers
    recovered: Counter = field(default_factory=Counter)  # acknowledged after at least one failed attempt
    ops: Counter = field(default_factory=Counter)  # operations started per kind
    acks: dict = field(default_factory=lambda: {"submission": [], "webhook": [], "collection": []})
    gave_up: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # 4xx other than 409 in progress: a client/test error

    def attempt(self, kind: str, ok: bool, in_progress: bool = False) -> None:
        with self.lock:
            self.sent[kind] += 1
            self.failed[kind] += not ok
            self.in_progress[kind] += in_progress


class GaveUp(Exception):
    pass


class Client:
    def __init__(self, base: str, journal: Journal, give_up: float):
        self.base, self.journal, self.give_up = base, journal, give_up
        self._local = threading.local()

    @property
    def failures(self) -> int:  # failed attempts of the current thread's operation
        return getattr(self._local, "failures", 0)

    @failures.setter
    def failures(self, value: int) -> None:
        self._local.failures = value

    def call(self, kind: str, method: str, path: str, *, prepare=None, **kw) -> requests.Response:
        """Send until a final answer: retry on no answer, 5xx and 409 ``idempotency_key_in_progress``."""
        deadline = time.monotonic() + self.give_up
        while True:
            if prepare is not None:
                kw = prepare(kw)
            try:
                response = requests.request(method, self.base + path, timeout=(3, 20), **kw)
            except requests.RequestException:
                response = None
            code = self._code(response) if response is not None and response.status_code == 409 else ""
            retry = response is None or response.status_code >= 500 or code in ("idempotency_key_in_progress",
                                                                                "replayed")
            self.journal.attempt(kind, not retry, code == "idempotency_key_in_progress")
            self.failures += retry
            if not retry:
                return response
            if time.monotonic() > deadline:
                raise GaveUp(f"{kind} {method} {path}: last {response.status_code if response is not None else 'no answer'}")
            time.sleep(random.uniform(0.3, 1.0))  # noqa: S311 - jitter, not security

    @staticmethod
    def _code(response: requests.Response) -> str:
        try:
            return response.json().get("error", {}).get("code", "")
        except ValueError:
            return ""

    def final(self, kind: str, response: requests.Response, what: str) -> dict | None:
        if 200 <= response.status_code < 300:
            return response.json()
        with self.journal.lock:
            self.journal.refused.append((kind, what, response.status_code, response.text[:200]))
        return None


def submission(client: Client, token: str, key: str, image: bytes) -> dict | None:
    auth = {"Authorization": f"Bearer {token}"}
    created = client.final("submission", client.call(
        "submission", "POST", SUBMIT_URL, json={"service": "legalisir"},
        headers={**auth, "Idempotency-Key": key}), key)
    if created is None:
        return None
    number = created["tracking_number"]
    for requirement in ("scan-dokumen", "ktp-el"):
        if client.final("submission", client.call(
                "submission", "POST", f"/api/applications/{number}/attachments/", headers=auth,
                data={"requirement": requirement}, files={"file": (f"{requirement}.png", image, "image/png")}),
                key) is None:
            return None
    submitted = client.final("submission", client.call(
        "submission", "POST", f"/api/applications/{number}/actions/", headers=auth,
        json={"action": "submit", "transaction_id": key}), key)
    if submitted is None:
        return None
    return {"key": key, "tracking_number": submitted["tracking_number"], "state": submitted["state"],
            "created_number": number}


def webhook(client: Client, code: str, total: int, n: int) -> dict | None:
    from balai.payments.gateways.base import hmac_signature

    body = json.dumps({"event_id": f"EVT-CRASH-{n}", "type": "payment.paid", "status": "paid",
                       "gateway_ref": f"SBXCRASH{n:08d}", "payment_code": code, "amount": total,
                       "bank_ref": f"TRX-CRASH-{n}", "paid_at": ""}, separators=(",", ":")).encode()

    def sign(kw: dict) -> dict:  # a gateway's retry: same event, fresh timestamp and signature
        ts = str(int(time.time()))
        return {**kw, "headers": {"Content-Type": "application/json", "X-Sandbox-Timestamp": ts,
                                  "X-Sandbox-Signature": hmac_signature(SECRET, ts, body)}}

    answer = client.final("webhook", client.call("webhook", "POST", WEBHOOK_URL, data=body, prepare=sign), code)
    if answer is None:
        return None
    return {"event_id": f"EVT-CRASH-{n}", "reference": f"TRX-CRASH-{n}", "payment_code": code,
            "result": answer.get("result"), "receipt_number": answer.get("receipt_number")}


def collection(client: Client, token: str, code: str, key: str) -> dict | None:
    answer = client.final("collection", client.call(
        "collection", "POST", COLLECT_URL, json={"payment_code": code},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key}), key)
    if answer is None:
        return None
    return {"key": key, "token": token, "payment_code": code, "id": answer["id"],
            "receipt_number": answer["receipt_number"], "replayed": answer["replayed"]}


def drive(base: str, seeded: dict, seconds: float, threads: int, give_up: float, server: Server,
          kills: int) -> Journal:
    journal = Journal()
    client = Client(base, journal, give_up)
    image = png()
    webhook_bills, collect_bills = list(seeded["webhook_bills"]), list(seeded["collect_bills"])
    counter = iter(range(1, 10**9))
    take = threading.Lock()
    stop_at = time.monotonic() + seconds

    def one(worker: int) -> None:
        rng = random.Random(worker)  # noqa: S311
        while time.monotonic() < stop_at:
            kind = rng.choice(["submission", "webhook", "collection"])
            with take:
                n = next(counter)
                bill = (webhook_bills.pop() if kind == "webhook" and webhook_bills else
                        collect_bills.pop() if kind == "collection" and collect_bills else None)
            if kind != "submission" and bill is None:
                continue
            with journal.lock:
                journal.ops[kind] += 1
            client.failures = 0
            try:
                if kind == "submission":
                    ack = submission(client, rng.choice(seeded["citizens"]), f"crash-sub-{n}", image)
                elif kind == "webhook":
                    ack = webhook(client, bill[0], bill[1], n)
                else:
                    ack = collection(client, rng.choice(seeded["agents"]), bill[0], f"device-{worker}-{n}")
            except GaveUp as exc:
                with journal.lock:
                    journal.gave_up.append(str(exc))
                continue
            if ack is not None:
                with journal.lock:
                    journal.acks[kind].append(ack)
                    journal.recovered[kind] += client.failures > 0

    def killer() -> None:
        start, interval = time.monotonic(), seconds / (kills + 1)
        for i in range(1, kills + 1):
            at = start + interval * (i + random.uniform(-0.2, 0.2))  # noqa: S311
            time.sleep(max(0.0, at - time.monotonic()))
            server.kill()
            print(f"  kill #{server.kills} at {time.monotonic() - start:.0f} s; "
                  f"acknowledged so far {sum(len(v) for v in journal.acks.values())}", flush=True)
            time.sleep(0.5)
            server.start()

    with ThreadPoolExecutor(threads + 1) as pool:
        kill_thread = pool.submit(killer)
        workers = [pool.submit(one, w) for w in range(threads)]
        for f in [*workers, kill_thread]:
            f.result()
    return journal


# --- the checks ------------------------------------------------------------------------------

def check(journal: Journal, seeded: dict, env: dict) -> list[tuple[str, int, int]]:
    """Rows (check, items checked, violations)."""
    from django.db import connection
    from django.db.models import Count, Sum

    from balai.accounts.services import token_lookup
    from balai.cases.models import Application
    from balai.partners import ledger
    from balai.partners.models import Agent, Collection, EntryKind, LedgerEntry
    from balai.payments.models import Allocation, Bill, IdempotencyRecord, Payment, WebhookNotification

    rows: list[tuple[str, int, int]] = []

    def sql(query: str) -> int:
        with connection.cursor() as cur:
            cur.execute(query)
            return int(cur.fetchone()[0])

    # 1. acknowledged submissions
    bad = 0
    for ack in journal.acks["submission"]:
        app = Application.objects.filter(tracking_number=ack["tracking_number"]).first()
        if app is None or ack["created_number"] != ack["tracking_number"] or app.idempotency_key != ack["key"]:
            bad += 1
            continue
        actions = list(app.events.order_by("seq").values_list("action", "transaction_id"))
        if (app.state != "submitted" or actions[:1] != [("create", "")]
                or [a for a in actions if a[0] == "submit"] != [("submit", ack["key"])]):
            bad += 1
    rows.append(("submissions acknowledged → case submitted, create + one submit event", len(journal.acks["submission"]),
                 bad))

    # 2. acknowledged webhooks
    bad = 0
    for ack in journal.acks["webhook"]:
        payment = Payment.objects.filter(channel="sandbox", external_ref=ack["reference"]).select_related("bill").first()
        note = WebhookNotification.objects.filter(gateway="sandbox", event_id=ack["event_id"]).first()
        if (ack["result"] != "posted" or payment is None or payment.status != "posted"
                or payment.receipt_number != ack["receipt_number"] or payment.bill.payment_code != ack["payment_code"]
                or payment.bill.status != "paid" or note is None or note.response.get("result") != "posted"
                or (Allocation.objects.filter(payment=payment).aggregate(s=Sum("amount"))["s"] or 0)
                != payment.bill.total):
            bad += 1
    rows.append(("webhooks acknowledged → payment posted, allocations = bill total", len(journal.acks["webhook"]), bad))

    # 3. acknowledged collections
    bad = 0
    for ack in journal.acks["collection"]:
        agent = Agent.objects.get(user=token_lookup(ack["token"]).user)
        c = Collection.objects.filter(pk=ack["id"]).select_related("payment", "bill").first()
        if (c is None or c.agent_id != agent.pk or c.idempotency_key != ack["key"]
                or c.bill.payment_code != ack["payment_code"] or c.payment.status != "posted"
                or c.payment.receipt_number != ack["receipt_number"] or c.bill.status != "paid"):
            bad += 1
            continue
        entries = LedgerEntry.objects.filter(collection=c, kind=EntryKind.COLLECTION).annotate(
            s=Sum("transfers__amount"))
        if [e.s for e in entries] != [c.amount] or (
                Allocation.objects.filter(payment=c.payment).aggregate(s=Sum("amount"))["s"] or 0) != c.amount:
            bad += 1
    rows.append(("collections acknowledged → collection, payment, ledger entry", len(journal.acks["collection"]), bad))

    # 4. global: no partial rows, no double postings
    posted = Payment.objects.filter(status="posted").count()
    rows.append(("payments posted without allocations summing to the amount", posted, sql(
        "SELECT count(*) FROM payments_payment p WHERE status='posted' AND amount <> "
        "(SELECT coalesce(sum(amount),0) FROM payments_allocation a WHERE a.payment_id=p.id)")))
    rows.append(("bills with more than one posted payment (double posting)", Bill.objects.count(), sql(
        "SELECT count(*) FROM (SELECT bill_id FROM payments_payment WHERE status='posted' "
        "GROUP BY bill_id HAVING count(*) > 1) d")))
    rows.append(("bills paid without a posted payment / open with one", Bill.objects.count(), sql(
        "SELECT count(*) FROM payments_bill b WHERE (status='paid') <> EXISTS (SELECT 1 FROM payments_payment p "
        "WHERE p.bill_id=b.id AND p.status='posted')")))
    rows.append(("payments not posted (refund/rejected: none expected)", Payment.objects.count(),
                 Payment.objects.exclude(status="posted").count()))
    rows.append(("posted payments without a payment.posted bill event", posted, sql(
        "SELECT count(*) FROM payments_payment p WHERE status='posted' AND NOT EXISTS (SELECT 1 FROM "
        "payments_billevent e WHERE e.payment_id=p.id AND e.kind='payment.posted')")))
    rows.append(("agent_cash payments without a collection", Payment.objects.filter(channel="agent_cash").count(),
                 sql("SELECT count(*) FROM payments_payment p WHERE channel='agent_cash' AND NOT EXISTS "
                     "(SELECT 1 FROM partners_collection c WHERE c.payment_id=p.id)")))
    rows.append(("collections without exactly one balanced ledger entry", Collection.objects.count(), sql(
        "SELECT count(*) FROM partners_collection c WHERE (SELECT count(*) FROM partners_ledgerentry e "
        "WHERE e.collection_id=c.id AND e.kind='collection') <> 1 OR c.amount <> (SELECT coalesce(sum(t.amount),0) "
        "FROM partners_ledgertransfer t JOIN partners_ledgerentry e ON e.id=t.entry_id WHERE e.collection_id=c.id)")))
    rows.append(("ledger entries without transfers", LedgerEntry.objects.count(), sql(
        "SELECT count(*) FROM partners_ledgerentry e WHERE NOT EXISTS (SELECT 1 FROM partners_ledgertransfer t "
        "WHERE t.entry_id=e.id)")))
    rows.append(("posted sandbox payments without their notification", Payment.objects.filter(channel="sandbox").count(),
                 sql("SELECT count(*) FROM payments_payment p WHERE channel='sandbox' AND NOT EXISTS (SELECT 1 FROM "
                     "payments_webhooknotification n WHERE n.response->>'reference' = p.external_ref)")))
    apps = Application.objects.count()
    rows.append(("cases without their create event, or past draft without a submit event", apps, sql(
        "SELECT count(*) FROM cases_application a WHERE NOT EXISTS (SELECT 1 FROM cases_caseevent e WHERE "
        "e.application_id=a.id AND e.action='create') OR (a.state <> 'draft' AND NOT EXISTS (SELECT 1 FROM "
        "cases_caseevent e WHERE e.application_id=a.id AND e.action='submit'))")))
    rows.append(("cases with two submit events", apps, sql(
        "SELECT count(*) FROM (SELECT application_id FROM cases_caseevent WHERE action='submit' "
        "GROUP BY application_id HAVING count(*) > 1) d")))
    rows.append(("idempotency keys used twice for a case", apps, Application.objects.exclude(idempotency_key="")
                 .values("applicant", "idempotency_key").annotate(n=Count("id")).filter(n__gt=1).count()))

    # 5. ledger: zero-sum, and each agent's cash = its collections (what day_close requires)
    agents = list(Agent.objects.all())
    rows.append(("trial balance of the ledger (must be 0)", LedgerEntry.objects.count(),
                 0 if ledger.trial_balance() == 0 else 1))
    rows.append(("agents whose cash on the ledger ≠ Σ their collections", len(agents), sum(
        1 for a in agents if ledger.cash_on_hand_agent(a)
        != (Collection.objects.filter(agent=a).aggregate(s=Sum("amount"))["s"] or 0))))

    # 6. operations that never got an answer, keys left in progress
    ops = sum(journal.ops.values())
    rows.append(("operations given up (no 2xx within --give-up)", ops, len(journal.gave_up)))
    rows.append(("operations refused with a 4xx", ops, len(journal.refused)))
    rows.append(("idempotency keys left in progress", IdempotencyRecord.objects.count(),
                 IdempotencyRecord.objects.filter(done=False).count()))

    # Receipts through the transactional outbox (payments/receipts.py): every posted payment has its
    # receipt or its queued outbox row (keyed by channel and reference), whatever instant the server
    # was killed at; and no outbox row is left for a payment that does not exist (a rolled-back posting).
    from balai.core.models import OutboxTask
    from balai.payments.models import Receipt
    from balai.payments.services import RECEIPT_TASK

    queued = {(row["channel"], row["external_ref"])
              for row in OutboxTask.objects.filter(task=RECEIPT_TASK).values_list("kwargs", flat=True)}
    without = [key for key in Payment.objects.filter(status="posted")
               .exclude(pk__in=Receipt.objects.values("payment_id")).values_list("channel", "external_ref")
               if key not in queued]
    rows.append(("posted payments with neither a receipt nor a queued outbox row", posted, len(without)))
    known = set(Payment.objects.values_list("channel", "external_ref"))
    rows.append(("receipt outbox rows for no payment", len(queued), len(queued - known)))

    audit = subprocess.run([sys.executable, "-m", "balai", "verify_audit", "-v0"], cwd=ROOT,
                           env={**os.environ, **env}, capture_output=True, text=True)
    from balai.core.models import AuditEntry

    rows.append((f"verify_audit ({(audit.stdout + audit.stderr).strip()[:60] or 'exit ' + str(audit.returncode)})",
                 AuditEntry.objects.count(), 0 if audit.returncode == 0 else 1))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=75)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--bills", type=int, default=3000)
    parser.add_argument("--give-up", type=float, default=90.0, help="seconds one operation keeps retrying")
    parser.add_argument("--lease", type=int, default=LEASE,
                        help="IDEMPOTENCY_LEASE_SECONDS; 86400 reproduces the behaviour before the fix")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="balai-crash-"))
    (var / "static").mkdir()
    env = {"BALAI_VAR_DIR": str(var), "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
           "CONN_MAX_AGE": "600", "SANDBOX_GATEWAY_SECRET": SECRET, "SANDBOX_GATEWAY_EMBEDDED": "0",
           "IDEMPOTENCY_LEASE_SECONDS": str(args.lease), "DJANGO_SETTINGS_MODULE": "balai.settings",
           "BALAI_LOG_LEVEL": "CRITICAL", "LOG_LEVEL": "CRITICAL"}
    redis_ok = subprocess.run(["redis-cli", "-n", REDIS_DB, "ping"], capture_output=True,  # noqa: S607
                              text=True).stdout.strip() == "PONG"
    if redis_ok:  # receipts are a Celery task in production: queued (no worker here), not rendered in-request
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
    os.environ.update(env)
    psql_admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql_admin(f"CREATE DATABASE {DB}")
    server = None
    try:
        t0 = time.monotonic()
        seeded = seed(args.bills)
        print(f"seeded in {time.monotonic() - t0:.0f} s: {CITIZENS} citizens, {len(seeded['agents'])} agents at 2 "
              f"points, {args.bills} open bills", flush=True)
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = Server(env, port, args.workers)
        server.start()
        load_before = os.getloadavg()
        t1 = time.monotonic()
        journal = drive(f"http://127.0.0.1:{port}", seeded, args.seconds, args.threads, args.give_up, server,
                        args.kills)
        elapsed = time.monotonic() - t1
        server.stop()
        rows = check(journal, seeded, env)
        acked = {k: len(v) for k, v in journal.acks.items()}
        violations = sum(v for _name, _n, v in rows)
        found = {k: acked[k] - v for k, (_name, _n, v) in zip(acked, rows[:3], strict=True)}
        width = max(len(r[0]) for r in rows)
        print(f"\n{'check':<{width}}  {'checked':>8}  violations")
        for name, n, v in rows:
            print(f"{name:<{width}}  {n:>8}  {v:>10}{'  ←' if v else ''}")
        summary = {
            "machine": {"nproc": os.cpu_count(), "cpu": cpu_model()},
            "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
            "seconds": round(elapsed, 1), "lease_seconds": args.lease, "gunicorn_workers": args.workers, "client_threads": args.threads,
            "kills": server.kills, "operations": dict(journal.ops), "http_attempts": dict(journal.sent),
            "attempts_failed_and_retried": dict(journal.failed), "answers_409_in_progress": dict(journal.in_progress),
            "acknowledged_after_a_failed_attempt": dict(journal.recovered), "acknowledged": acked, "found": found,
            "replayed_collections": sum(1 for a in journal.acks["collection"] if a["replayed"]),
            "gave_up": len(journal.gave_up), "refused": len(journal.refused), "violations": violations}
        print(json.dumps(summary, indent=2))
        for line in (journal.gave_up + [str(r) for r in journal.refused])[:10]:
            print("  ", line)
        return 1 if violations else 0
    finally:
        if server is not None:
            server.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            psql_admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        if redis_ok:
            subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], capture_output=True)  # noqa: S607
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
