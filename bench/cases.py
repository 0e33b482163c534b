"""Bench for issue #3 (cases): 1,000,000 cases on PostgreSQL, one gunicorn run, wrk.

Measures
- the public tracking endpoint ``GET /api/track/<number>/?pin=…`` against a bare view doing one
  primary-key SELECT (``/bench/bare/<pk>/``, routed only with BALAI_BENCH_URLS=1), requests/second;
- the officer queue page ``/petugas/antrean/`` (a verified staff session), p95 latency.
Goals: tracking ≥ 70 % of the bare view; queue p95 ≤ 150 ms.

Usage (from the repository root; PostgreSQL on 127.0.0.1:5432 as user postgres)::

    .venv/bin/python bench/cases.py [--cases 1000000] [--duration 15] [--keep-db] [--no-write]

It creates the database ``balai_bench`` (dropped at the end unless --keep-db), seeds it with
set-based ``INSERT … SELECT generate_series`` (plus 1,000 cases made with real tracking numbers
and PINs, the ones wrk asks for), starts gunicorn (4 sync workers, CONN_MAX_AGE=600) on
127.0.0.1 only, runs wrk for a bounded duration, stops gunicorn and writes the section
"## Cases (issue #3)" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "balai_bench"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PIN = "246810"
SAMPLE = 1000
SECTION = "## Cases (issue #3)"

ENV = {
    # A scratch var/ (secret keys, collected static files): the bench touches nothing of the checkout's.
    "BALAI_VAR_DIR": tempfile.mkdtemp(prefix="balai-bench-var-"),
    "DATABASE_URL": BENCH_URL,
    "BALAI_BENCH_URLS": "1",
    "CONN_MAX_AGE": "600",
    # Measure the endpoint with its limiter at work but never refusing: a per-second window keeps the
    # limiter's history as short as in production (wrk comes from one IP).
    "THROTTLE_TRACKING": "1000000/s",
    "BALAI_LOG_LEVEL": "WARNING",
}


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def setup_django():
    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(n_cases: int) -> dict:
    """Schema, regions, two accounts, then n cases set-based. Returns ids for the wrk runs."""
    from django.core.management import call_command
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from balai.accounts.services import Address, citizen_register, staff_create
    from balai.cases.models import Application, CaseEvent, Office
    from balai.cases.selectors import current_version
    from balai.cases.services import _pin_hash, office_for, tracking_number_new
    from balai.regions.models import Region
    from balai.regions.services import regions_load

    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    # Only what routing needs: Jawa Timur and its regencies, plus the bench citizen's district and village.
    regions_load(include=lambda row: row["code"].startswith("35") and (
        row["level"] in ("province", "regency") or row["code"] in ("357808", "3578081001")))
    citizen = citizen_register(username="bench.warga", password=secrets.token_urlsafe(16), full_name="Warga Bench",
                               nik="3578084512990001", email="w@bench.local", phone="0812",
                               address=Address("3578081001", "Jl. Bench 1", "1", "1"))
    officer = staff_create(username="bench.petugas", password=secrets.token_urlsafe(16), full_name="Petugas Bench",
                           email="p@bench.local", role="officer", unit="Dispendukcapil Kota Surabaya",
                           jurisdiction=["3578"])
    device = TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    version = current_version("legalisir")
    regencies = list(Region.objects.filter(level="regency", code__startswith="35").values_list("code", flat=True))
    offices = [office_for("dukcapil", code) for code in regencies]
    surabaya = Office.objects.get(unit_type="dukcapil", regency_code="3578")
    office_ids = [o.pk for o in offices]
    print(f"schema, regions, accounts: {time.monotonic() - t0:.1f} s", flush=True)

    # 1. The bulk: one INSERT … SELECT. Every 10th case is still open (queue states), the rest
    # are closed; cases spread over the 38 Dispendukcapil offices of Jawa Timur.
    t1 = time.monotonic()
    states = ["submitted", "in_review", "returned", "resubmitted", "approved"]
    with connection.cursor() as cur:
        cur.execute(f"""
            INSERT INTO cases_application (tracking_number, pin_hash, service_id, service_version_id, workflow_id,
                applicant_id, subject_nik, subject_name, office_id, regency_code, village_code, data, state,
                sla_days, created_at, updated_at, submitted_at, due_date, outputs, idempotency_key, public_log)
            SELECT 'B' || lpad(i::text, 9, '0'), '', %s, %s, %s, %s, '3578084512990001', 'Warga Bench',
                (%s::bigint[])[1 + i %% {len(office_ids)}], '3578', '3578081001', '{{}}'::jsonb,
                CASE WHEN i %% 10 = 0 THEN (%s::text[])[1 + (i / 10) %% 5]
                     WHEN i %% 10 = 1 THEN 'rejected' ELSE 'completed' END,
                2, now() - (i %% 700) * interval '1 day', now(), now() - (i %% 700) * interval '1 day',
                current_date - (i %% 700) + 30, '[]'::jsonb, '',
                jsonb_build_array(jsonb_build_object('action', 'create', 'state', 'draft', 'at', now()),
                                  jsonb_build_object('action', 'submit', 'state', 'submitted', 'at', now()))
            FROM generate_series(1, %s) AS i
        """, [version.service_id, version.pk, version.workflow_id, citizen.pk, office_ids, states, n_cases])
        print(f"{n_cases:,} cases inserted: {time.monotonic() - t1:.1f} s", flush=True)
        t2 = time.monotonic()
        cur.execute("""
            INSERT INTO cases_caseevent (application_id, seq, action, from_state, to_state, actor_id, actor_role,
                note, data, transaction_id, created_at)
            SELECT a.id, s.seq, s.action, s.from_state, s.to_state, %s, 'applicant', '', '{}'::jsonb, '', a.created_at
            FROM cases_application a
            CROSS JOIN (VALUES (1, 'create', '', 'draft'), (2, 'submit', 'draft', 'submitted')) AS s(seq, action, from_state, to_state)
        """, [citizen.pk])
        print(f"events inserted: {time.monotonic() - t2:.1f} s", flush=True)

    # 2. The cases wrk asks for: real tracking numbers (counter → permutation → Damm) and PINs.
    sample = []
    for i in range(SAMPLE):
        number = tracking_number_new()
        sample.append(Application(
            tracking_number=number, pin_hash=_pin_hash(number, PIN), service_id=version.service_id,
            service_version=version, workflow_id=version.workflow_id, applicant=citizen,
            subject_nik="3578084512990001", subject_name="Warga Bench", office=surabaya, regency_code="3578",
            village_code="3578081001", state=["submitted", "in_review", "completed"][i % 3], sla_days=2,
            public_log=[{"action": "create", "state": "draft", "at": "2026-11-01T08:00:00+07:00"},
                        {"action": "submit", "state": "submitted", "at": "2026-11-01T08:05:00+07:00"}]))
    Application.objects.bulk_create(sample, batch_size=500)
    events = []
    for app in Application.objects.filter(tracking_number__in=[a.tracking_number for a in sample]):
        events += [CaseEvent(application=app, seq=1, action="create", from_state="", to_state="draft",
                             actor=citizen, actor_role="applicant"),
                   CaseEvent(application=app, seq=2, action="submit", from_state="draft", to_state="submitted",
                             actor=citizen, actor_role="applicant")]
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE cases_application")
        cur.execute("VACUUM ANALYZE cases_caseevent")
        cur.execute("SELECT count(*) FROM cases_application")
        total = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM cases_application WHERE office_id = %s AND state = ANY(%s)",
                    [surabaya.pk, states])
        queue_total = cur.fetchone()[0]
    pks = list(Application.objects.filter(tracking_number__in=[a.tracking_number for a in sample])
               .values_list("pk", "tracking_number"))
    print(f"seeded {total:,} cases in {time.monotonic() - t0:.1f} s; queue of the bench officer: {queue_total:,}",
          flush=True)
    return {"total": total, "queue_total": queue_total, "pks": pks, "officer_id": officer.pk,
            "device": device.persistent_id, "seconds": round(time.monotonic() - t0, 1)}


def reuse() -> dict:
    """The figures ``seed`` returns, read back from a kept database."""
    from django.core.management import call_command
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from balai.accounts.models import User
    from balai.cases.models import Application

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    officer = User.objects.get(username="bench.petugas")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE cases_application")
        cur.execute("SELECT count(*) FROM cases_application")
        total = cur.fetchone()[0]
    pks = list(Application.objects.exclude(tracking_number__startswith="B").values_list("pk", "tracking_number"))
    from balai.cases.services import _pin_hash

    for pk, number in pks:  # this run's scratch var/ has a new SECRET_KEY: re-key the sample's PINs
        Application.objects.filter(pk=pk).update(pin_hash=_pin_hash(number, PIN))
    queue_total = Application.objects.filter(office__name="Dispendukcapil Kota Surabaya",
                                             state__in=["submitted", "in_review", "returned", "resubmitted",
                                                        "approved"]).count()
    return {"total": total, "queue_total": queue_total, "pks": pks, "officer_id": officer.pk,
            "device": TOTPDevice.objects.get(user=officer).persistent_id, "seconds": "(reused)"}


def staff_session(officer_id: int, device: str) -> str:
    """A verified staff session (password and TOTP already passed), as the login views leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from balai.accounts.models import User

    user = User.objects.get(pk=officer_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device
    session.create()
    return session.session_key


LUA_PATHS = """
local paths = {}
for line in io.lines("%(file)s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"rps\\": %%.1f, \\"p50\\": %%.2f, \\"p95\\": %%.2f, \\"p99\\": %%.2f, \\"non2xx\\": %%d, \\"errors\\": %%d}\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def wrk(port: int, paths: list[str], *, duration: int, connections: int, headers: dict | None = None,
        workdir: Path) -> dict:
    listing = workdir / f"paths-{abs(hash(tuple(paths[:3])))}.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = workdir / "paths.lua"
    script.write_text(LUA_PATHS % {"file": listing})
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(script), "--timeout", "10s"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    cmd.append(f"http://127.0.0.1:{port}")
    # 3-second warm-up, then the measured run
    subprocess.run([*cmd[:3], "-d3s", *cmd[4:]], check=True, capture_output=True, text=True)
    out = sh(cmd).stdout
    result = json.loads(re.search(r"JSON (\{.*\})", out).group(1))
    result["command"] = " ".join(cmd)
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, **ENV}
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "balai.wsgi:application", "-k", "sync", "-w", "4",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/layanan/", timeout=2)
            return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in sh(["lscpu"]).stdout.splitlines()
                  if line.startswith("Model name")), "?")
    return {"nproc": sh(["nproc"]).stdout.strip(), "cpu": model}


def write_section(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"{re.escape(SECTION)}\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(current):
        current = pattern.sub(text.rstrip("\n"), current)
    else:
        current = current.rstrip("\n") + "\n\n" + text
    path.write_text(current.rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--reuse-db", action="store_true", help="skip seeding: use a balai_bench left by --keep-db")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing")
    if not args.reuse_db:
        admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin_sql(f"CREATE DATABASE {DB_NAME}")
    proc = None
    try:
        setup_django()
        seeded = reuse() if args.reuse_db else seed(args.cases)
        session_key = staff_session(seeded["officer_id"], seeded["device"])
        from django.db import connections

        connections.close_all()
        port = free_port()
        proc = start_gunicorn(port)
        work = Path(tempfile.mkdtemp(prefix="bench-cases-"))
        track_paths = [f"/api/track/{number}/?pin={PIN}" for _, number in seeded["pks"]]
        bare_paths = [f"/bench/bare/{pk}/" for pk, _ in seeded["pks"]]
        # sanity: both answer 200
        for path in (track_paths[0], bare_paths[0]):
            assert urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").status == 200, path
        cookie = {"Cookie": f"sessionid={session_key}"}
        req = urllib.request.Request(f"http://127.0.0.1:{port}/petugas/antrean/", headers=cookie)
        body = urllib.request.urlopen(req).read().decode()  # noqa: S310 - http://127.0.0.1 only
        assert "Antrean kerja" in body, "the queue page did not render for the bench officer"
        load_before = os.getloadavg()[0]
        bare = wrk(port, bare_paths, duration=args.duration, connections=32, workdir=work)
        track = wrk(port, track_paths, duration=args.duration, connections=32, workdir=work)
        queue = wrk(port, ["/petugas/antrean/", "/petugas/antrean/?overdue=on", "/petugas/antrean/?state=submitted"],
                    duration=args.duration, connections=4, headers=cookie, workdir=work)
        load = (round(load_before, 1), round(os.getloadavg()[0], 1))
    finally:
        shutil.rmtree(ENV["BALAI_VAR_DIR"], ignore_errors=True)
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    ratio = track["rps"] / bare["rps"]
    m = machine()
    results = {"machine": m, "seeded": {k: seeded[k] for k in ("total", "queue_total", "seconds")},
               "bare": bare, "track": track, "queue": queue, "ratio": round(ratio, 3)}
    results["load_average"] = load
    print(json.dumps(results, indent=2))
    text = f"""{SECTION}

Run `{' '.join(['.venv/bin/python', 'bench/cases.py', *sys.argv[1:]])}` on {time.strftime('%Y-%m-%d')}.
Machine: `nproc` = {m['nproc']}, `lscpu | grep 'Model name'` = {m['cpu']}; PostgreSQL 15 on the same box,
gunicorn 4 sync workers (`CONN_MAX_AGE=600`), wrk on the same cores (conservative figures).
1-minute load average before / after the wrk runs: {load[0]} / {load[1]} (other sessions share this machine).
Data: {seeded['total']:,} cases (set-based `INSERT … SELECT generate_series`, 2 events each; 10 % open),
seeded in {seeded['seconds']} s; the bench officer's queue (Dispendukcapil Kota Surabaya) holds
{seeded['queue_total']:,} open cases. Database `{DB_NAME}`, {'kept (`--keep-db`)' if args.keep_db else 'dropped afterwards'}.

| measurement | req/s | p50 ms | p95 ms | p99 ms | non-2xx |
|---|---|---|---|---|---|
| bare view, one primary-key SELECT (`/bench/bare/<pk>/`, 32 conns) | {bare['rps']:.0f} | {bare['p50']:.1f} | {bare['p95']:.1f} | {bare['p99']:.1f} | {bare['non2xx']} |
| tracking `GET /api/track/<number>/?pin=…` (1,000 cases, 32 conns) | {track['rps']:.0f} | {track['p50']:.1f} | {track['p95']:.1f} | {track['p99']:.1f} | {track['non2xx']} |
| officer queue `/petugas/antrean/` (3 filter variants, 4 conns = 1 per worker) | {queue['rps']:.0f} | {queue['p50']:.1f} | **{queue['p95']:.1f}** | {queue['p99']:.1f} | {queue['non2xx']} |

- Tracking / bare view = **{ratio:.0%}** (goal ≥ 70 %: {'met' if ratio >= 0.70 else 'NOT met'}).
- Queue p95 = **{queue['p95']:.1f} ms** (goal ≤ 150 ms: {'met' if queue['p95'] <= 150 else 'NOT met'}).
- wrk commands (after a 3 s warm-up each): `{bare['command']}`; the same with the tracking and queue path lists
  (queue with `-c4` and the staff session cookie).
"""
    if not args.no_write:
        write_section(text)
    print(text)


if __name__ == "__main__":
    main()
