"""Bench: posting payments by signed webhook over HTTP (issue #5), against two floors measured in
the same run.

1. bare  — a bench-only view (BALAI_BENCH_URLS=1) doing one primary-key SELECT of a bill
2. post  — POST /api/payments/webhooks/sandbox/: verify HMAC + freshness, replay cache, event
           dedupe, SELECT … FOR UPDATE on the bill, payment + allocations + receipt number +
           events + audit entry, the receipt outbox mark (with a broker configured, as here, no
           worker runs during the bench: receipts stay pending, counted after the run)
3. pgbench TPC-B (-i -s 10; -c 8 -j 2 -T 20) as the postgres user on its own database

Both HTTP phases: gunicorn, 4 sync workers, CONN_MAX_AGE=600, PostgreSQL database
``balai_bench_pay`` with 20,000 open bills (dropped afterwards); load by ``wrk -t2 -c32`` on
127.0.0.1 only, each phase bounded in time. Every webhook is for a different bill, pre-signed
with a fresh timestamp (the run is far shorter than the 5-minute window). After the run the
database is queried for double postings.

The two HTTP phases alternate for ``--rounds`` rounds (bare, post, bare, post, …), each post round
on its own slice of the bills; the figure is the median of the rounds' ratios (the machine is
shared and its load moves within a minute; the pooled ratio is printed too).

Run as root on the project's machine: .venv/bin/python bench/payments.py [--seconds 15] [--rounds 3] [--redis-db 6]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "balai_bench_pay"
PGBENCH_DB = "balai_bench_pgbench"
BILLS = 20_000
SECRET = "bench-webhook-secret"  # noqa: S105 - a scratch database, thrown away

WRK_POST = r"""
local requests = {}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  local nthreads = tonumber(args[2])
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == tid then
      local sep = line:find("\t")
      local sep2 = line:find("\t", sep + 1)
      table.insert(requests, {ts = line:sub(1, sep - 1), sig = line:sub(sep + 1, sep2 - 1), body = line:sub(sep2 + 1)})
    end
    i = i + 1
  end
end
function request()
  counter = counter + 1
  local r = requests[counter]
  if r == nil then r = requests[1] end
  return wrk.format("POST", "/api/payments/webhooks/sandbox/",
    {["Content-Type"] = "application/json", ["X-Sandbox-Timestamp"] = r.ts, ["X-Sandbox-Signature"] = r.sig}, r.body)
end
"""

WRK_BARE = r"""
math.randomseed(os.time())
function request()
  return wrk.format("GET", "/bench/pk/" .. math.random(1, %d) .. "/")
end
"""


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def cpu_model() -> str:
    out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout  # noqa: S607
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, script: Path, seconds: int, *args: str) -> dict:
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", str(script), url, "--", *args],
                         check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    return {"rps": rps, "requests": total, "non2xx": int(non2xx.group(1)) if non2xx else 0, "p50": p50, "p99": p99}


def teardown(gunicorn, db: str, redis_db: int | None, var) -> None:
    """Stop the server, drop the scratch database, empty the bench's Redis database, remove var/."""
    if gunicorn is not None:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(20)
    psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    if redis_db is not None:
        subprocess.run(["redis-cli", "-n", str(redis_db), "flushdb"], capture_output=True)
    shutil.rmtree(var, ignore_errors=True)


def seed(env: dict) -> list[tuple[int, str, int]]:
    """20,000 open bills with three lines each (PKB, opsen, SWDKLLJ) in bulk."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from balai.core.numbers import scramble, with_check_digit
    from balai.payments.models import Beneficiary, Bill, BillLine

    call_command("migrate", "--noinput", "-v0")
    now = timezone.now()
    owners = {b.code: b for b in Beneficiary.objects.filter(code__in=["RKUD-35", "RKUD-3578", "JR-JATIM"])}
    bills = [Bill(payment_code=with_check_digit(f"{scramble(n, digits=13, domain='bench'):013d}"), kind="bench",
                  subject_type="bench", subject_id=str(n), description="PKB bench", payer_name="Siti Aminah",
                  regency_code="3578", total=260_000, issued_at=now, expires_at=now + timezone.timedelta(days=1))
             for n in range(1, BILLS + 1)]
    Bill.objects.bulk_create(bills, batch_size=2000)
    bills = list(Bill.objects.order_by("pk"))
    lines = []
    for bill in bills:
        lines += [BillLine(bill=bill, position=1, tax_head="pkb", label="PKB", amount=135_542, beneficiary=owners["RKUD-35"]),
                  BillLine(bill=bill, position=2, tax_head="opsen_pkb", label="Opsen PKB", amount=89_458,
                           beneficiary=owners["RKUD-3578"]),
                  BillLine(bill=bill, position=3, tax_head="swdkllj", label="SWDKLLJ", amount=35_000,
                           beneficiary=owners["JR-JATIM"])]
    BillLine.objects.bulk_create(lines, batch_size=5000)
    return [(b.pk, b.payment_code, b.total) for b in bills]


def signed_requests(bills: list[tuple[int, str, int]], path: Path, offset: int = 0) -> None:
    from balai.payments.gateways.base import hmac_signature

    ts = str(int(time.time()) + 30)  # still fresh for the whole run
    with path.open("w") as out:
        for i, (_pk, code, total) in enumerate(bills, start=offset):
            body = json.dumps({"event_id": f"EVT-BENCH-{i}", "type": "payment.paid", "status": "paid",
                               "gateway_ref": f"SBXBENCH{i:08d}", "payment_code": code, "amount": total,
                               "bank_ref": f"TRX-BENCH-{i}", "paid_at": ""}, separators=(",", ":"))
            out.write(f"{ts}\t{hmac_signature(SECRET, ts, body.encode())}\t{body}\n")


def pgbench(seconds: int) -> dict:
    def as_postgres(*cmd: str) -> str:
        return subprocess.run(["su", "postgres", "-c", " ".join(cmd)], check=True, capture_output=True,
                              text=True).stdout

    as_postgres("dropdb", "--if-exists", PGBENCH_DB)
    as_postgres("createdb", PGBENCH_DB)
    try:
        as_postgres("pgbench", "-q", "-i", "-s", "10", PGBENCH_DB)
        out = as_postgres("pgbench", "-c", "8", "-j", "2", "-T", str(seconds), PGBENCH_DB)
        tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
        return {"tps": tps}
    finally:
        as_postgres("dropdb", "--if-exists", PGBENCH_DB)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15, help="per phase and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating bare/post rounds")
    parser.add_argument("--redis-db", type=int, default=6, help="Redis database for the receipt queue (flushed after)")
    args = parser.parse_args()
    for tool in ("wrk", "pgbench", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing")
    var = Path(tempfile.mkdtemp(prefix="balai-bench-pay-"))
    env = {"BALAI_VAR_DIR": str(var), "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
           "CONN_MAX_AGE": "600", "BALAI_BENCH_URLS": "1", "SANDBOX_GATEWAY_SECRET": SECRET,
           "DJANGO_SETTINGS_MODULE": "balai.settings", "LOG_LEVEL": "ERROR", "BALAI_LOG_LEVEL": "ERROR"}
    redis_ok = subprocess.run(["redis-cli", "-n", str(args.redis_db), "ping"], capture_output=True, text=True).stdout.strip() == "PONG"
    if redis_ok:
        # Production shape: the receipt PDF is issued by a worker from the outbox, not in the request.
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"
    load_before = [round(x, 2) for x in os.getloadavg()]
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    gunicorn = None
    try:
        t0 = time.time()
        bills = seed(env)
        seed_s = time.time() - t0
        # Each round posts to its own slice of the bills (a webhook is never replayed).
        per_round = len(bills) // args.rounds
        for r in range(args.rounds):
            signed_requests(bills[r * per_round:(r + 1) * per_round], var / f"webhooks-{r}.tsv", offset=r * per_round)
        (var / "post.lua").write_text(WRK_POST)
        (var / "bare.lua").write_text(WRK_BARE % bills[-1][0])
        port = free_port()
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "balai.wsgi:application", "-k", "sync", "-w", "4",
             "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/bench/pk/1/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        wrk(base, var / "bare.lua", 3)  # warm-up: every worker opens its connection
        # Alternating rounds (bare, post, bare, post, …): the machine is shared, and its load moves
        # within a minute; each round's ratio compares two phases measured back to back.
        rounds = []
        for r in range(args.rounds):
            bare = wrk(base, var / "bare.lua", args.seconds)
            post = wrk(base, var / "post.lua", args.seconds, str(var / f"webhooks-{r}.tsv"), "2")
            rounds.append({"bare_rps": bare["rps"], "post_rps": post["rps"], "ratio": round(post["rps"] / bare["rps"], 3),
                           "bare": bare, "post": post})
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(20)
        gunicorn = None
        pg = pgbench(20)
        doubles = psql("SELECT count(*) FROM (SELECT bill_id FROM payments_payment WHERE status='posted' "
                       "GROUP BY bill_id HAVING count(*) > 1) d", DB)
        posted = psql("SELECT count(*) FROM payments_payment WHERE status='posted'", DB)
        paid = psql("SELECT count(*) FROM payments_bill WHERE status='paid'", DB)
        other = psql("SELECT count(*) FROM payments_payment WHERE status<>'posted'", DB)
        pending = psql("SELECT count(*) FROM core_outboxtask WHERE task = 'balai.payments.tasks.issue_receipt'", DB)
        unbalanced = psql("SELECT count(*) FROM payments_payment p WHERE status='posted' AND amount <> "
                          "(SELECT coalesce(sum(amount),0) FROM payments_allocation a WHERE a.payment_id=p.id)", DB)
        result = {
            "machine": {"nproc": os.cpu_count(), "model": cpu_model()},
            "load_average_before_and_after": [load_before, [round(x, 2) for x in os.getloadavg()]],
            "bills": len(bills), "seed_seconds": round(seed_s, 1), "broker_configured": redis_ok,
            "rounds": rounds, "pgbench_tpcb": pg,
            "bare_rps_mean": round(statistics.mean(r["bare_rps"] for r in rounds), 1),
            "post_rps_mean": round(statistics.mean(r["post_rps"] for r in rounds), 1),
            "ratio_post_to_bare_median": statistics.median(r["ratio"] for r in rounds),
            "ratio_post_to_bare_pooled": round(sum(r["post_rps"] for r in rounds) / sum(r["bare_rps"] for r in rounds), 3),
            "ratio_post_to_pgbench_tps": round(statistics.mean(r["post_rps"] for r in rounds) / pg["tps"], 3),
            "non2xx": sum(r["bare"]["non2xx"] + r["post"]["non2xx"] for r in rounds),
            "after_run": {"double_postings": int(doubles), "posted": int(posted), "bills_paid": int(paid),
                          "receipts_pending_in_outbox": int(pending),
                          "non_posted_payments": int(other), "allocations_not_summing": int(unbalanced)},
        }
        print(json.dumps(result, indent=2))
    finally:
        teardown(gunicorn, DB, args.redis_db if redis_ok else None, var)


if __name__ == "__main__":
    main()
