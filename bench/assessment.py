"""Bench (issue #7): N vehicles assessed and billed on PostgreSQL, next to the COPY floor.

    .venv/bin/python bench/assessment.py --count 1000000 [--month 2027-02] [--batch 10000] [--workers 2]

1. creates its own database (``balai_bench_pkb`` on the server of DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432), migrates it and generates N vehicles due in ``--month``
   (~85 % motorcycles, 0–3 years of arrears, multi-car owners; not timed);
2. times ``assess_due_month`` — selection, ownership order, assessment by the rule engine,
   payment codes, and the bills, lines, "bill.issued" events and TaxBill links written into the
   real payments/vehicles tables;
3. copies those rows out, truncates the four tables and times PostgreSQL's ``COPY`` loading the
   very same rows into them (same indexes and constraints): the floor;
4. prints the figures and drops the database.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TABLES = ["payments_bill", "payments_billline", "payments_billevent", "vehicles_taxbill"]


def _admin_url(url: str) -> tuple[str, str]:
    parts = urlparse(url)
    return urlunparse(parts._replace(path="/postgres")), urlunparse(parts._replace(path="/balai_bench_pkb"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--month", default="2027-02")
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes of assess_due_month (default: one per core)")
    parser.add_argument("--keep", action="store_true", help="do not drop the bench database")
    args = parser.parse_args()

    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url, bench_url = _admin_url(base)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS balai_bench_pkb")
        admin.execute("CREATE DATABASE balai_bench_pkb")
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute("DROP DATABASE IF EXISTS balai_bench_pkb")


def run(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from balai.core.progress import progress
    from balai.vehicles.bulk import assess_due_month, fleet_generate

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    with progress(total=args.count, description="fleet") as advance:
        fleet_generate(args.count, due_month=args.month, advance=advance)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup = time.perf_counter() - t0
    print(f"setup (migrate + {args.count:,} vehicles, not timed): {setup:.1f} s")

    t0 = time.perf_counter()
    with progress(total=args.count, description=f"assess {args.month}") as advance:
        report = assess_due_month(args.month, batch_size=args.batch, advance=advance, workers=args.workers)
    assess = time.perf_counter() - t0
    rows = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            rows[table] = cursor.fetchone()[0]

    # The floor: the same rows, loaded by COPY into the same (emptied) tables.
    buffers = {}
    raw = connection.connection
    for table in TABLES:
        buffer = io.BytesIO()
        with raw.cursor().copy(f"COPY {table} TO STDOUT") as copy:
            for chunk in copy:
                buffer.write(chunk)
        buffers[table] = buffer.getvalue()
    with raw.cursor() as cursor:
        cursor.execute("TRUNCATE vehicles_taxbill, payments_billevent, payments_billline, payments_bill CASCADE")
    raw.commit()
    t0 = time.perf_counter()
    with raw.transaction(), raw.cursor() as cursor:
        for table in TABLES:
            with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(buffers[table])
    floor = time.perf_counter() - t0

    cpu = subprocess.run("lscpu | grep 'Model name'", shell=True, capture_output=True, text=True).stdout.strip()  # noqa: S602,S607
    server = connection.cursor().connection.info.server_version
    print(f"machine: nproc={os.cpu_count()}, {cpu.split(':', 1)[-1].strip()}, Python {platform.python_version()}, "
          f"PostgreSQL {server // 10000}.{server % 10000}")
    print(f"billed {report.billed:,} vehicles ({report.skipped:,} not billable online), {report.lines:,} lines, "
          f"Rp {report.total:,}")
    print("rows: " + ", ".join(f"{t}={n:,}" for t, n in rows.items()))
    print(f"assess + bill ({args.workers} processes): {assess:.1f} s ({args.count / assess:,.0f} vehicles/s)")
    print(f"COPY floor (same rows, same tables): {floor:.1f} s")
    print(f"ratio: {assess / floor:.2f}x the floor")


if __name__ == "__main__":
    main()
