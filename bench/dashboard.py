"""Bench of the public dashboard (quality): 1,000,000 cases and 100,000 survey responses on
PostgreSQL, one gunicorn run, wrk.

Measures
- the public dashboard page ``/dasbor/`` (province, a regency, a service; p95) against the bare view
  doing one primary-key SELECT (``/bench/bare/<pk>/``) in the same gunicorn run;
- the incremental refresh of one day's case log (goal ≤ 5 s), after the whole history was read once.
Goal: dashboard p95 ≤ 100 ms.

Usage (from the repository root; PostgreSQL on 127.0.0.1:5432 as user postgres)::

    .venv/bin/python bench/dashboard.py [--cases 1000000] [--responses 100000] [--day 3000]
                                        [--duration 15] [--keep-db] [--no-write]

Seeding reuses bench/cases.py (set-based cases with create and submit events), then adds a
``complete`` event to every completed case and the survey responses (set-based), reads the whole log
into the summary tables once, adds one day of new cases (``--day``) and times its refresh. Writes
the section "## Dashboard (quality)" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_cases", ROOT / "bench" / "cases.py")
base = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(base)  # type: ignore[union-attr]

DB_NAME = "balai_bench_dashboard"
base.DB_NAME = DB_NAME
base.BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
base.ENV["DATABASE_URL"] = base.BENCH_URL
base.ENV["QUALITY_SURVEY_INVITATIONS"] = "0"
SECTION = "## Dashboard (quality)"


def add_completions_and_responses(responses: int) -> float:
    """A ``complete`` event (3 days after submission) for every completed case; ``responses``
    survey sheets spread over the offices and the last 12 months."""
    from django.db import connection

    from balai.quality.services.refresh import CASES_MARK

    t0 = time.monotonic()
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO cases_caseevent (application_id, seq, action, from_state, to_state, actor_id, actor_role,
                note, data, transaction_id, created_at)
            SELECT a.id, 3, 'complete', 'approved', 'completed', NULL, 'system', '', '{}'::jsonb, '',
                   a.submitted_at + interval '3 days'
            FROM cases_application a WHERE a.state = 'completed' AND a.tracking_number LIKE 'B%%'
        """)
        cur.execute("""
            INSERT INTO quality_surveyresponse (id, office_id, service_id, period, channel, u1, u2, u3, u4, u5, u6,
                u7, u8, u9, age_group, sex, education, occupation, suggestion)
            SELECT gen_random_uuid(), (SELECT array_agg(id) FROM cases_office)[1 + i %% (SELECT count(*) FROM cases_office)],
                   (SELECT id FROM cases_service ORDER BY id LIMIT 1),
                   date_trunc('month', current_date - (i %% 365))::date, 'online',
                   1 + (i * 7) %% 4, 1 + (i * 3) %% 4, 1 + i %% 4, 4, 3, 3, 4, 2 + i %% 3, 3, '', '', '', '', ''
            FROM generate_series(1, %s) AS i
        """, [responses])
        # the survey's raw sums, as the survey service keeps them (one row per month, office, service)
        cur.execute("""
            INSERT INTO quality_surveystat (period, office_id, service_id, regency_code, responses, sums, counts, synthetic)
            SELECT r.period, r.office_id, r.service_id, o.regency_code, count(*),
                   jsonb_build_object('u1', sum(u1), 'u2', sum(u2), 'u3', sum(u3), 'u4', sum(u4), 'u5', sum(u5),
                                      'u6', sum(u6), 'u7', sum(u7), 'u8', sum(u8), 'u9', sum(u9)),
                   jsonb_build_object('u1', count(u1), 'u2', count(u2), 'u3', count(u3), 'u4', count(u4),
                                      'u5', count(u5), 'u6', count(u6), 'u7', count(u7), 'u8', count(u8),
                                      'u9', count(u9)), false
            FROM quality_surveyresponse r JOIN cases_office o ON o.id = r.office_id
            GROUP BY r.period, r.office_id, r.service_id, o.regency_code
        """)
        cur.execute("VACUUM ANALYZE cases_caseevent")
    from balai.quality.models import RefreshMark

    RefreshMark.objects.get_or_create(name=CASES_MARK)
    return time.monotonic() - t0


def add_one_day(n: int) -> None:
    """``n`` cases submitted today, two thirds completed today: the day the incremental refresh reads."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO cases_application (tracking_number, pin_hash, service_id, service_version_id, workflow_id,
                applicant_id, subject_nik, subject_name, office_id, regency_code, village_code, data, state,
                sla_days, created_at, updated_at, submitted_at, due_date, outputs, idempotency_key, public_log)
            SELECT 'D' || lpad(i::text, 9, '0'), '', a.service_id, a.service_version_id, a.workflow_id, a.applicant_id,
                a.subject_nik, a.subject_name, a.office_id, a.regency_code, a.village_code, '{}'::jsonb,
                CASE WHEN i %% 3 = 0 THEN 'submitted' ELSE 'completed' END, 2, now(), now(), now(),
                current_date + 5, '[]'::jsonb, '', '[]'::jsonb
            FROM generate_series(1, %s) AS i, (SELECT * FROM cases_application WHERE tracking_number LIKE 'B%%' LIMIT 1) a
        """, [n])
        cur.execute("""
            INSERT INTO cases_caseevent (application_id, seq, action, from_state, to_state, actor_id, actor_role,
                note, data, transaction_id, created_at)
            SELECT a.id, s.seq, s.action, '', s.to_state, NULL, 'applicant', '', '{}'::jsonb, '', now()
            FROM cases_application a
            CROSS JOIN (VALUES (1, 'submit', 'submitted'), (2, 'complete', 'completed')) AS s(seq, action, to_state)
            WHERE a.tracking_number LIKE 'D%%' AND (s.action = 'submit' OR a.state = 'completed')
        """)


def measure(port: int, paths: list[str], *, duration: int, workdir: Path) -> dict:
    """wrk when installed; else one sequential Python client (slower, stated in the results)."""
    if shutil.which("wrk"):
        return base.wrk(port, paths, duration=duration, connections=4, workdir=workdir)
    times: list[float] = []
    non2xx, end, i = 0, time.monotonic() + duration, 0
    while time.monotonic() < end:
        t = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{paths[i % len(paths)]}") as r:  # noqa: S310
            r.read()
            non2xx += r.status != 200
        times.append((time.monotonic() - t) * 1000)
        i += 1
    times.sort()

    def pct(q: float) -> float:
        return times[min(len(times) - 1, int(q * len(times)))]

    return {"rps": len(times) / duration, "p50": pct(.5), "p95": pct(.95), "p99": pct(.99), "non2xx": non2xx,
            "errors": 0, "command": "python urllib, 1 connection (wrk missing)"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--day", type=int, default=3000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    base.admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    base.admin_sql(f"CREATE DATABASE {DB_NAME}")
    proc = None
    try:
        base.setup_django()
        seeded = base.seed(args.cases)
        extra_seconds = add_completions_and_responses(args.responses)
        from balai.quality.services.refresh import refresh_cases, refresh_payments

        t0 = time.monotonic()
        while refresh_cases():
            pass
        full_refresh = time.monotonic() - t0
        add_one_day(args.day)
        from django.utils import timezone

        t1 = time.monotonic()
        day_events = 0
        while n := refresh_cases():
            day_events += n
        refresh_payments(timezone.localdate())
        day_refresh = time.monotonic() - t1
        from django.db import connections

        connections.close_all()
        port = base.free_port()
        proc = base.start_gunicorn(port)
        work = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
        bare_paths = [f"/bench/bare/{pk}/" for pk, _ in seeded["pks"]]
        dash_paths = ["/dasbor/", "/dasbor/?wilayah=3578", "/dasbor/?wilayah=3507", "/dasbor/?layanan=1"]
        for path in (bare_paths[0], dash_paths[0]):
            assert urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").status == 200, path  # noqa: S310
        load_before = os.getloadavg()[0]
        bare = measure(port, bare_paths, duration=args.duration, workdir=work)
        dash = measure(port, dash_paths, duration=args.duration, workdir=work)
        load = (round(load_before, 1), round(os.getloadavg()[0], 1))
    finally:
        shutil.rmtree(base.ENV["BALAI_VAR_DIR"], ignore_errors=True)
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            base.admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    m = base.machine()
    results = {"machine": m, "cases": seeded["total"], "responses": args.responses, "seed_extra_s": round(extra_seconds, 1),
               "full_refresh_s": round(full_refresh, 1), "day_cases": args.day, "day_events": day_events,
               "day_refresh_s": round(day_refresh, 2), "bare": bare, "dashboard": dash, "load_average": load}
    print(json.dumps(results, indent=2))
    text = f"""{SECTION}

Run `{' '.join(['.venv/bin/python', 'bench/dashboard.py', *sys.argv[1:]])}` on {time.strftime('%Y-%m-%d')}.
Machine: `nproc` = {m['nproc']}, `lscpu | grep 'Model name'` = {m['cpu']}; PostgreSQL on the same box, gunicorn
4 sync workers, wrk on the same cores. Load average before / after: {load[0]} / {load[1]}.
Data: {seeded['total']:,} cases (bench/cases.py's seed + a `complete` event per completed case),
{args.responses:,} survey responses. The whole log read once into the summary tables: {full_refresh:.1f} s.

| measurement | req/s | p50 ms | p95 ms | p99 ms | non-2xx |
|---|---|---|---|---|---|
| bare view (`/bench/bare/<pk>/`, 4 conns) | {bare['rps']:.0f} | {bare['p50']:.1f} | {bare['p95']:.1f} | {bare['p99']:.1f} | {bare['non2xx']} |
| dashboard `/dasbor/` (province, 2 regencies, a service; 4 conns) | {dash['rps']:.0f} | {dash['p50']:.1f} | **{dash['p95']:.1f}** | {dash['p99']:.1f} | {dash['non2xx']} |

- Dashboard p95 = **{dash['p95']:.1f} ms** (goal ≤ 100 ms: {'met' if dash['p95'] <= 100 else 'NOT met'}).
- Incremental refresh of one day ({args.day:,} new cases, {day_events:,} events, plus the day's PKB rows):
  **{day_refresh:.2f} s** (goal ≤ 5 s: {'met' if day_refresh <= 5 else 'NOT met'}).
- Client: `{dash['command']}`.
"""
    if not args.no_write:
        base.write_section.__globals__["SECTION"] = SECTION
        base.write_section(text)
    print(text)


if __name__ == "__main__":
    main()
