"""Bench: SNAP payment flags over HTTP against the webhook posting and the bare view, in one run
(shape of bench/payments.py, whose seeding and helpers it reuses).

1. bare    — the bench-only one-SELECT view (BALAI_BENCH_URLS=1)
2. webhook — POST /api/payments/webhooks/sandbox/ (HMAC-SHA256, replay cache, posting)
3. snap    — POST /v1.0/transfer-va/payment: bearer token check, partner row, HMAC-SHA512 over the
             minified body, X-EXTERNAL-ID claim, paymentRequestId claim, the same posting under the
             bill's lock, the answer stored with the posting's writes

gunicorn (4 sync workers, CONN_MAX_AGE=600) on PostgreSQL ``balai_bench_snap`` with 20,000 open
bills; ``wrk -t2 -c32`` on 127.0.0.1. Every webhook and every flag is for a different bill; flags
are pre-signed with one B2B token obtained over HTTP (RSA-signed) before the rounds
(SNAP_TOKEN_TTL and SNAP_TIMESTAMP_TOLERANCE are raised to an hour for the run only, so the
pre-signed requests stay valid). Rounds alternate bare, webhook, snap; the figure is the median of
the rounds' snap/webhook ratios. After the run: double postings, flags without a posting.

Run as root on the project's machine: .venv/bin/python bench/snap.py [--seconds 15] [--rounds 3]
(smoke: --seconds 2 --rounds 1)
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.payments import (  # noqa: E402
    WRK_BARE,
    WRK_POST,
    cpu_model,
    free_port,
    psql,
    seed,
    signed_requests,
    teardown,
    wrk,
)

DB = "balai_bench_snap"
SECRET = "bench-webhook-secret"  # noqa: S105 - a scratch database, thrown away
SNAP_SECRET = "bench-snap-client-secret"  # noqa: S105 - a scratch database, thrown away
PARTNER = {"code": "bench", "partner_id": "BENCHBANK", "client_key": "BENCHBANK", "channel_ids": "95221",
           "partner_service_id": "12345"}

WRK_SNAP = r"""
local requests = {}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  local nthreads = tonumber(args[2])
  token = args[3]
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == tid then
      local a = line:find("\t")
      local b = line:find("\t", a + 1)
      local c = line:find("\t", b + 1)
      table.insert(requests, {ts = line:sub(1, a - 1), sig = line:sub(a + 1, b - 1), ext = line:sub(b + 1, c - 1),
                              body = line:sub(c + 1)})
    end
    i = i + 1
  end
end
function request()
  counter = counter + 1
  local r = requests[counter]
  if r == nil then r = requests[1] end
  return wrk.format("POST", "/v1.0/transfer-va/payment",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token, ["X-TIMESTAMP"] = r.ts,
     ["X-SIGNATURE"] = r.sig, ["X-PARTNER-ID"] = "BENCHBANK", ["X-EXTERNAL-ID"] = r.ext, ["CHANNEL-ID"] = "95221"},
    r.body)
end
"""


def pyload(base: str, kind: str, seconds: int, path: Path | None = None, token: str = "") -> dict:
    """A fallback load generator (8 threads of urllib) where wrk is missing: for a smoke run only,
    its figures are not comparable with wrk's."""
    import threading
    import urllib.error

    lines = path.read_text().splitlines() if path else []
    counts = {"requests": 0, "non2xx": 0}
    lock, stop = threading.Lock(), time.time() + seconds

    def one(i: int) -> int:
        if kind == "bare":
            request = urllib.request.Request(f"{base}/bench/pk/{1 + i % 1000}/")  # noqa: S310 - loopback
        elif kind == "webhook":
            ts, sig, body = lines[i].split("\t", 2)
            request = urllib.request.Request(f"{base}/api/payments/webhooks/sandbox/", data=body.encode(), headers={  # noqa: S310
                "Content-Type": "application/json", "X-Sandbox-Timestamp": ts, "X-Sandbox-Signature": sig})
        else:
            ts, sig, ext, body = lines[i].split("\t", 3)
            request = urllib.request.Request(f"{base}/v1.0/transfer-va/payment", data=body.encode(), headers={  # noqa: S310
                "Content-Type": "application/json", "Authorization": f"Bearer {token}", "X-TIMESTAMP": ts,
                "X-SIGNATURE": sig, "X-PARTNER-ID": PARTNER["partner_id"], "X-EXTERNAL-ID": ext,
                "CHANNEL-ID": "95221"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def worker(t: int) -> None:
        i = t
        while time.time() < stop and (kind == "bare" or i < len(lines)):
            status = one(i)
            with lock:
                counts["requests"] += 1
                counts["non2xx"] += not 200 <= status < 400
            i += 8

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"rps": round(counts["requests"] / (time.time() - start), 1), **counts, "p50": "", "p99": ""}


def stamp() -> str:
    return datetime.now(ZoneInfo("Asia/Jakarta")).isoformat(timespec="seconds")


def register_partner() -> bytes:
    """The bench bank (runs in the seeding process, after django.setup()); returns its private key."""
    from balai.payments.snap import crypto
    from balai.payments.snap.models import SnapPartner

    private, public = crypto.new_key_pair()
    partner = SnapPartner(name="Bench bank", public_key=public, **PARTNER)
    partner.set_client_secret(SNAP_SECRET)
    partner.save()
    return private


def get_token(base: str, private: bytes) -> str:
    from balai.payments.snap import crypto

    ts = stamp()
    request = urllib.request.Request(f"{base}/v1.0/access-token/b2b", data=b'{"grantType":"client_credentials"}',  # noqa: S310
                                     method="POST", headers={
                                         "Content-Type": "application/json", "X-TIMESTAMP": ts,
                                         "X-CLIENT-KEY": PARTNER["client_key"],
                                         "X-SIGNATURE": crypto.asymmetric_signature(private, PARTNER["client_key"], ts)})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.loads(response.read())["accessToken"]


def snap_requests(bills: list[tuple[int, str, int]], token: str, path: Path, offset: int) -> None:
    from balai.payments.snap import crypto

    psid = PARTNER["partner_service_id"].rjust(8)
    ts = stamp()
    with path.open("w") as out:
        for i, (_pk, code, total) in enumerate(bills, start=offset):
            body = json.dumps({"partnerServiceId": psid, "customerNo": code, "virtualAccountNo": psid + code,
                               "paymentRequestId": f"PR-BENCH-{i}", "trxDateTime": ts,
                               "paidAmount": {"value": f"{total}.00", "currency": "IDR"}}, separators=(",", ":"))
            sig = crypto.symmetric_signature(SNAP_SECRET, "POST", "/v1.0/transfer-va/payment", token, body.encode(), ts)
            out.write(f"{ts}\t{sig}\t{i:012d}{secrets.randbelow(1000):03d}\t{body}\n")


def main() -> None:  # noqa: PLR0915 - one run, read top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15, help="per phase and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating bare/webhook/snap rounds")
    parser.add_argument("--redis-db", type=int, default=7, help="Redis database for the receipt queue (flushed after)")
    args = parser.parse_args()
    if not shutil.which("psql"):
        sys.exit("psql is missing")
    have_wrk = shutil.which("wrk") is not None
    var = Path(tempfile.mkdtemp(prefix="balai-bench-snap-"))
    env = {"BALAI_VAR_DIR": str(var), "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
           "CONN_MAX_AGE": "600", "BALAI_BENCH_URLS": "1", "SANDBOX_GATEWAY_SECRET": SECRET,
           "PAYMENTS_GATEWAYS": "sandbox,snap", "SNAP_TOKEN_TTL": "3600", "SNAP_TIMESTAMP_TOLERANCE": "3600",
           "DJANGO_SETTINGS_MODULE": "balai.settings", "LOG_LEVEL": "ERROR", "BALAI_LOG_LEVEL": "ERROR"}
    redis_ok = subprocess.run(["redis-cli", "-n", str(args.redis_db), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG"
    if redis_ok:  # as bench/payments.py: receipts are a worker's job, queued in the outbox
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"
    load_before = [round(x, 2) for x in os.getloadavg()]
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    gunicorn = None
    try:
        bills = seed(env)
        private = register_partner()
        # each round: one slice for webhooks, one for SNAP flags (no bill is paid twice on purpose)
        per_slice = len(bills) // (2 * args.rounds)
        for r in range(args.rounds):
            signed_requests(bills[2 * r * per_slice:(2 * r + 1) * per_slice], var / f"webhooks-{r}.tsv",
                            offset=2 * r * per_slice)
        (var / "post.lua").write_text(WRK_POST)
        (var / "bare.lua").write_text(WRK_BARE % bills[-1][0])
        (var / "snap.lua").write_text(WRK_SNAP)
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
        token = get_token(base, private)
        for r in range(args.rounds):
            snap_requests(bills[(2 * r + 1) * per_slice:(2 * r + 2) * per_slice], token, var / f"snap-{r}.tsv",
                          offset=(2 * r + 1) * per_slice)
        if have_wrk:
            wrk(base, var / "bare.lua", 3)  # warm-up
        rounds = []
        for r in range(args.rounds):
            if have_wrk:
                bare = wrk(base, var / "bare.lua", args.seconds)
                hook = wrk(base, var / "post.lua", args.seconds, str(var / f"webhooks-{r}.tsv"), "2")
                snap = wrk(base, var / "snap.lua", args.seconds, str(var / f"snap-{r}.tsv"), "2", token)
            else:
                bare = pyload(base, "bare", args.seconds)
                hook = pyload(base, "webhook", args.seconds, var / f"webhooks-{r}.tsv")
                snap = pyload(base, "snap", args.seconds, var / f"snap-{r}.tsv", token)
            rounds.append({"bare_rps": bare["rps"], "webhook_rps": hook["rps"], "snap_rps": snap["rps"],
                           "snap_to_webhook": round(snap["rps"] / hook["rps"], 3) if hook["rps"] else None,
                           "bare": bare, "webhook": hook, "snap": snap})
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(20)
        gunicorn = None
        doubles = psql("SELECT count(*) FROM (SELECT bill_id FROM payments_payment WHERE status='posted' "
                       "GROUP BY bill_id HAVING count(*) > 1) d", DB)
        snap_posted = psql("SELECT count(*) FROM payments_payment WHERE channel='snap:bench' AND status='posted'", DB)
        flags = psql("SELECT count(*) FROM payments_snappaymentflag", DB)
        flags_ok = psql("SELECT count(*) FROM payments_snappaymentflag WHERE response->>'responseCode' = '2002500'", DB)
        result = {
            "machine": {"nproc": os.cpu_count(), "model": cpu_model()},
            "load_average_before_and_after": [load_before, [round(x, 2) for x in os.getloadavg()]],
            "bills": len(bills), "load_generator": "wrk -t2 -c32" if have_wrk else "python urllib, 8 threads (smoke)",
            "rounds": rounds,
            "bare_rps_mean": round(statistics.mean(r["bare_rps"] for r in rounds), 1),
            "webhook_rps_mean": round(statistics.mean(r["webhook_rps"] for r in rounds), 1),
            "snap_rps_mean": round(statistics.mean(r["snap_rps"] for r in rounds), 1),
            "ratio_snap_to_webhook_median": statistics.median(r["snap_to_webhook"] or 0 for r in rounds),
            "broker_configured": redis_ok,
            "non2xx": sum(r["bare"]["non2xx"] + r["webhook"]["non2xx"] + r["snap"]["non2xx"] for r in rounds),
            "after_run": {"double_postings": int(doubles), "snap_posted": int(snap_posted),
                          "snap_flags": int(flags), "snap_flags_answered_success": int(flags_ok)},
        }
        print(json.dumps(result, indent=2))
        if result["non2xx"]:  # a phase ran out of pre-signed requests and replayed them: its rate is not a posting rate
            print(f"WARNING: {result['non2xx']} answers were not 2xx — a phase outran its "
                  f"{len(bills) // (2 * args.rounds):,} pre-signed requests; use fewer --seconds", file=sys.stderr)
    finally:
        teardown(gunicorn, DB, args.redis_db if redis_ok else None, var)


if __name__ == "__main__":
    main()
