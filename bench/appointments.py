"""Bench of the booking engine: 100,000 bookings on PostgreSQL, one gunicorn run.

Measures, in the same gunicorn run (4 sync workers, CONN_MAX_AGE=600):
- availability of one location over 30 days (``GET /api/appointments/locations/<id>/availability/``)
  p95, next to the bare view doing one primary-key SELECT (``/bench/pk/<pk>/``, routed only with
  BALAI_BENCH_URLS=1); goal p95 ≤ 50 ms;
- 200 concurrent ``POST /api/appointments/bookings/`` (200 citizens, bearer tokens, each its own
  Idempotency-Key) for the last 10 places of one slot → exactly 10 bookings.

Usage (from the repository root; PostgreSQL on 127.0.0.1:5432 as user postgres)::

    .venv/bin/python bench/appointments.py [--bookings 100000] [--duration 15] [--racers 200] [--keep-db] [--no-write]

The database ``balai_bench_appt`` is created and dropped (unless --keep-db). Bookings are seeded
set-based (``INSERT … SELECT generate_series``) into slots of 40 locations over the next 60 days;
the slot counts equal the bookings they hold, as the engine keeps them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases import (  # noqa: E402 - the shared gunicorn/wrk helpers of the cases bench
    ROOT,
    admin_sql,
    free_port,
    machine,
    wrk,
)

DB_NAME = "balai_bench_appt"
BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SECTION = "## Appointments"
KIND = "ktp-recording"
LOCATIONS = 40


def setup_django() -> None:
    import tempfile

    os.environ.update({"BALAI_VAR_DIR": tempfile.mkdtemp(prefix="balai-bench-var-"), "DATABASE_URL": BENCH_URL,
                       "BALAI_BENCH_URLS": "1", "CONN_MAX_AGE": "600", "BALAI_LOG_LEVEL": "WARNING"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    import django

    django.setup()


def seed(n_bookings: int, racers: int) -> dict:
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from balai.accounts.services import Address, citizen_register, token_issue
    from balai.appointments.models import BookableService, Location
    from balai.regions.services import regions_load

    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    regions_load(include=lambda row: row["code"].startswith("35") and (
        row["level"] in ("province", "regency") or row["code"] in ("357808", "3578081001")))
    services = []
    for i in range(LOCATIONS):
        place = Location.objects.create(kind="disdukcapil", regency_id="3578", name=f"Bench {i}", address="Jl. Bench",
                                        weekdays="1234567", follows_calendar=False)
        services.append(BookableService.objects.create(location=place, kind=KIND, slot_minutes=60, capacity=10))

    def citizen(n: int):
        return citizen_register(username=f"bench.w{n}", password=secrets.token_urlsafe(16), full_name="Warga Bench",
                                nik=f"357808451299{n + 1:04d}", email=f"w{n}@bench.local", phone="0812",
                                address=Address("3578081001", "Jl. Bench 1", "1", "1"))

    owner = citizen(0)
    first_day = timezone.localdate() + dt.timedelta(days=1)
    per_slot = 5  # 40 locations × 60 days × 7 slots × 5 ≈ 84,000; more days until n is reached
    days = max(60, -(-n_bookings // (LOCATIONS * 7 * per_slot)))
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO appointments_slot (service_id, date, start, capacity, booked)
            SELECT s.id, %s::date + d, make_time(h, 0, 0), 10, 0
            FROM appointments_bookableservice s, generate_series(0, %s) d, generate_series(8, 14) h""",
                    [first_day, days - 1])
        cur.execute("""
            WITH pick AS (SELECT id, service_id, row_number() OVER (ORDER BY date, start, id) AS r
                          FROM appointments_slot)
            INSERT INTO appointments_booking (code, slot_id, service_id, kind, citizen_id, subject_ref, status,
                                              created_at, changed_at)
            SELECT lpad(((p.r * 7 + k) * 1000003 %% 999999937)::text, 9, '0') || k::text, p.id, p.service_id, %s, %s,
                   'B' || p.r || '-' || k, 'booked', now(), now()
            FROM pick p, generate_series(1, %s) k
            WHERE (p.r - 1) * %s + k <= %s""", [KIND, owner.pk, per_slot, per_slot, n_bookings])
        cur.execute("""UPDATE appointments_slot s SET booked = b.n FROM
                       (SELECT slot_id, count(*) n FROM appointments_booking GROUP BY slot_id) b WHERE b.slot_id = s.id""")
        cur.execute("SELECT count(*) FROM appointments_booking")
        total = cur.fetchone()[0]
        cur.execute("ANALYZE")
    # the race: the 10:00 slot of the last location on the first day has exactly 10 places left
    target = services[-1]
    from balai.appointments.models import Slot

    slot = Slot.objects.get(service=target, date=first_day, start=dt.time(10))
    Slot.objects.filter(pk=slot.pk).update(capacity=slot.booked + 10)
    tokens = [token_issue(user=citizen(n), name="bench") for n in range(1, racers + 1)]
    print(f"seeded {total:,} bookings, {racers} racers in {time.monotonic() - t0:.1f} s", flush=True)
    return {"total": total, "locations": [s.location_id for s in services], "first_day": first_day,
            "race_location": target.location_id, "race_slot": slot.pk, "tokens": tokens}


def start_gunicorn(port: int):
    import subprocess

    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "balai.wsgi:application", "-k", "sync", "-w", "4",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=dict(os.environ), start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/janji-temu/", timeout=2)  # noqa: S310 - 127.0.0.1
            return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def race(port: int, seeded: dict) -> dict:
    import datetime as dt

    day = seeded["first_day"].isoformat()
    barrier = threading.Barrier(len(seeded["tokens"]))
    codes: list[int] = []

    def one(token: str) -> None:
        body = json.dumps({"location": seeded["race_location"], "service": KIND, "date": day,
                           "start": dt.time(10).strftime("%H:%M")}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/appointments/bookings/", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                              "Idempotency-Key": secrets.token_hex(8)})
        barrier.wait()
        try:
            codes.append(urllib.request.urlopen(req, timeout=120).status)  # noqa: S310 - 127.0.0.1
        except urllib.error.HTTPError as exc:
            codes.append(exc.code)

    threads = [threading.Thread(target=one, args=(t,)) for t in seeded["tokens"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    from balai.appointments.models import Booking, Slot

    slot = Slot.objects.get(pk=seeded["race_slot"])
    return {"created": codes.count(201), "full": codes.count(409), "other": len(codes) - codes.count(201)
            - codes.count(409), "slot_booked": slot.booked, "slot_capacity": slot.capacity,
            "holding": Booking.objects.filter(slot=slot).count()}


def measure(port: int, paths: list[str], *, duration: int, connections: int, workdir: Path) -> dict:
    """wrk when installed; else the same loop in Python threads (one connection each, urllib)."""
    import shutil

    if shutil.which("wrk"):
        return wrk(port, paths, duration=duration, connections=connections, workdir=workdir)
    latencies: list[float] = []
    failures = [0]
    stop = time.monotonic() + duration

    def loop(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{paths[i % len(paths)]}", timeout=10).read()  # noqa: S310
            except urllib.error.HTTPError:
                failures[0] += 1
            latencies.append((time.perf_counter() - t0) * 1000)
            i += 1

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0.0

    return {"rps": len(latencies) / duration, "p50": pct(.5), "p95": pct(.95), "p99": pct(.99),
            "non2xx": failures[0], "errors": 0, "command": f"python client, {connections} threads, {duration} s"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--racers", type=int, default=200)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    proc = None
    try:
        setup_django()
        import datetime as dt
        import tempfile

        seeded = seed(args.bookings, args.racers)
        port = free_port()
        proc = start_gunicorn(port)
        start = seeded["first_day"]
        end = start + dt.timedelta(days=29)
        paths = [f"/api/appointments/locations/{pk}/availability/?service={KIND}&from={start}&to={end}"
                 for pk in seeded["locations"]]
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}{paths[0]}").status == 200  # noqa: S310
        work = Path(tempfile.mkdtemp(prefix="balai-bench-wrk-"))
        bare = measure(port, [f"/bench/pk/{i}/" for i in range(1, 41)], duration=args.duration, connections=4,
                   workdir=work)
        avail = measure(port, paths, duration=args.duration, connections=4, workdir=work)
        raced = race(port, seeded)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    exact = raced["created"] == 10 and raced["slot_booked"] == raced["slot_capacity"] == raced["holding"]
    info = machine()
    text = f"""{SECTION}

Machine: {info['nproc']} cores ({info['cpu']}), Python {platform.python_version()}, PostgreSQL on the same host;
gunicorn 4 sync workers (`CONN_MAX_AGE=600`), wrk on the same cores. Data: {seeded['total']:,} bookings in
{len(seeded['locations'])} locations (set-based seed).

| measurement | req/s | p50 ms | p95 ms | p99 ms | non-2xx |
|---|---|---|---|---|---|
| bare view, one primary-key SELECT (`/bench/pk/<pk>/`, 4 conns) | {bare['rps']:.0f} | {bare['p50']:.1f} | {bare['p95']:.1f} | {bare['p99']:.1f} | {bare['non2xx']} |
| availability, one location × 30 days (40 locations, 4 conns) | {avail['rps']:.0f} | {avail['p50']:.1f} | **{avail['p95']:.1f}** | {avail['p99']:.1f} | {avail['non2xx']} |

- Availability p95 = **{avail['p95']:.1f} ms** (goal ≤ 50 ms: {'met' if avail['p95'] <= 50 else 'NOT met'}).
- {args.racers} concurrent bookings for the last 10 places: **{raced['created']} created**, {raced['full']} refused
  `slot_full`, {raced['other']} other; slot {raced['slot_booked']}/{raced['slot_capacity']}, {raced['holding']} bookings
  in it ({'exactly 10: met' if exact else 'NOT met'}).
"""
    print(text)
    if not args.no_write:
        path = ROOT / "BENCHMARKS.md"
        current = path.read_text() if path.exists() else "# Benchmarks\n"
        import re

        pattern = re.compile(rf"{re.escape(SECTION)}\n.*?(?=\n## |\Z)", re.S)
        current = pattern.sub(text.rstrip("\n"), current) if pattern.search(current) \
            else current.rstrip("\n") + "\n\n" + text
        path.write_text(current.rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
