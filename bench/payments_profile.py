"""Profile one webhook posting in-process (issue #5): the SQL statements it sends and where the
Python time goes. Companion of bench/payments.py; uses the same request and bill shape.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payperf \
        .venv/bin/python bench/payments_profile.py [--n 200] [--redis-db 6] [--sql] [--profile]

Migrates the database named in DATABASE_URL, adds --n open bills, then sends one signed
``POST /api/payments/webhooks/sandbox/`` per bill through Django's test client (the full
middleware stack, as gunicorn would run it) and prints statements per posting (and, with --sql,
the statements of one posting; with --profile, the cProfile top functions).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "bench-webhook-secret"  # noqa: S105


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--redis-db", type=int, default=6)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    os.environ["SANDBOX_GATEWAY_SECRET"] = SECRET
    os.environ.setdefault("CELERY_BROKER_URL", f"redis://127.0.0.1:6379/{args.redis_db}")
    os.environ.setdefault("BALAI_LOG_LEVEL", "ERROR")
    os.environ["BALAI_BENCH_URLS"] = "1"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from balai.core.numbers import next_value, scramble, with_check_digit
    from balai.payments.beneficiaries import beneficiaries_ensure
    from balai.payments.gateways.base import hmac_signature
    from balai.payments.models import Beneficiary, Bill, BillLine, Payment

    call_command("migrate", "--noinput", "-v0")
    beneficiaries_ensure()
    owners = {b.code: b for b in Beneficiary.objects.filter(code__in=["RKUD-35", "RKUD-3578", "JR-JATIM"])}
    now = timezone.now()
    start = next_value("bench-profile:bills") * 10_000
    bills = Bill.objects.bulk_create([
        Bill(payment_code=with_check_digit(f"{scramble(start + n, digits=13, domain='bench-profile'):013d}"),
             kind="bench", subject_type="bench", subject_id=str(n), description="PKB bench", payer_name="Siti Aminah",
             regency_code="3578", total=260_000, issued_at=now, expires_at=now + timezone.timedelta(days=1))
        for n in range(args.n)])
    BillLine.objects.bulk_create([
        BillLine(bill=b, position=p, tax_head=h, label=h, amount=a, beneficiary=owners[o])
        for b in bills for p, h, a, o in [(1, "pkb", 135_542, "RKUD-35"), (2, "opsen_pkb", 89_458, "RKUD-3578"),
                                          (3, "swdkllj", 35_000, "JR-JATIM")]])
    client = Client()

    def post(bill, i):
        body = json.dumps({"event_id": f"EVT-PROF-{bill.payment_code}", "type": "payment.paid", "status": "paid",
                           "gateway_ref": f"SBXPROF{bill.pk}", "payment_code": bill.payment_code,
                           "amount": bill.total, "bank_ref": f"TRX-PROF-{bill.pk}", "paid_at": ""},
                          separators=(",", ":")).encode()
        ts = str(int(time.time()))
        response = client.post("/api/payments/webhooks/sandbox/", body, content_type="application/json",
                               HTTP_X_SANDBOX_TIMESTAMP=ts, HTTP_X_SANDBOX_SIGNATURE=hmac_signature(SECRET, ts, body))
        assert response.status_code == 200 and response.json()["result"] == "posted", response.content
        return response

    post(bills[0], 0)  # warm-up: imports, connection, broker connection
    with CaptureQueriesContext(connection) as ctx:
        post(bills[1], 1)
    statements = sum(q["sql"].count(";\n") + 1 for q in ctx.captured_queries)
    print(f"per posting: {len(ctx.captured_queries)} round trips, {statements} SQL statements "
          "(CaptureQueriesContext; BEGIN and COMMIT included)")
    if args.sql:
        for q in ctx.captured_queries:
            print(f"  {q['time']:>6}s  {q['sql'][:220]}")
    rest = bills[2:]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0")
        backend = cursor.fetchone()[0]

    def backend_cpu() -> float:
        if not backend:
            return 0.0
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    bare_n = 500
    b0, c0, t0 = backend_cpu(), time.process_time(), time.perf_counter()
    for i in range(bare_n):
        assert client.get(f"/bench/pk/{bills[i % len(bills)].pk}/").status_code == 200
    bare_wall, bare_cpu, bare_pg = time.perf_counter() - t0, time.process_time() - c0, backend_cpu() - b0
    print(f"bare view: {1000 * bare_wall / bare_n:.2f} ms wall, {1000 * bare_cpu / bare_n:.2f} ms Python CPU, "
          f"{1000 * bare_pg / bare_n:.2f} ms PostgreSQL backend CPU per request")
    b0, c0 = backend_cpu(), time.process_time()
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    t0 = time.perf_counter()
    if profiler:
        profiler.enable()
    for i, bill in enumerate(rest):
        post(bill, i)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - t0
    cpu, pg = time.process_time() - c0, backend_cpu() - b0
    print(f"posting: {1000 * elapsed / len(rest):.2f} ms wall, {1000 * cpu / len(rest):.2f} ms Python CPU, "
          f"{1000 * pg / len(rest):.2f} ms PostgreSQL backend CPU per request ({len(rest)} postings, one client)")
    assert Payment.objects.filter(bill__in=bills, status="posted").count() == len(bills)
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(os.environ.get("PROFILE_FILTER", ""), 45)
        stats.sort_stats("tottime").print_stats(25)
        groups: dict[str, float] = {}
        for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
            if "site-packages/" in filename:
                group = filename.split("site-packages/", 1)[1].split("/", 2)
                group = "/".join(group[:2]) if group[0] == "django" else group[0]
            elif "/balai/" in filename:
                group = "balai/" + filename.split("/balai/", 1)[1].split("/", 1)[0]
            elif filename.startswith("~") or "python3.11" in filename:
                group = "stdlib+builtins"
            else:
                group = filename
            groups[group] = groups.get(group, 0.0) + tottime
        total = sum(groups.values())
        print("own time by package (cProfile, process time):")
        for group, seconds in sorted(groups.items(), key=lambda kv: -kv[1])[:20]:
            print(f"  {100 * seconds / total:5.1f} %  {group}")


if __name__ == "__main__":
    main()
