"""Bench of the notification fan-out: the PKB reminders of a register (issue: 1,000,000 vehicles,
about 100,000 due in the window), enqueued through ``balai send_reminders``'s runner, then sent
through the sandbox provider by worker processes draining the outbox.

Measures: enqueue rate (notifications with their deliveries and outbox rows, per second; goal
≥ 2,000/s), send rate with ``--workers`` processes (goal ≥ 500/s with two), and each worker's
resident memory sampled over the run (it should stay flat).

Usage (from the repository root)::

    .venv/bin/python bench/notifications.py [--count 100000] [--workers 2] [--pg] [--keep-db] [--batch N]

With ``REDIS_URL`` set the providers' rate-limit counters live in Redis, as in production; without
it in the database cache table. ``--batch`` sets ``OUTBOX_DRAIN_BATCH`` (rows per drain transaction).

``--pg`` runs on PostgreSQL (database ``balai_bench_notify`` on 127.0.0.1:5432, created and dropped
unless --keep-db); without it a temporary SQLite file (a smoke run: ``--count 500``). The reminder
source is the bench's own: ``--count`` accounts with a verified phone, each owning one vehicle due
in 30 days, so the run measures the notification path (the vehicles source's queries are the
vehicles bench's business). Workers run ``balai.core.outbox.drain`` as a Celery worker's beat
task would, with the broker set (the outbox is not run in-process).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "balai_bench_notify"


def setup(pg: bool) -> None:
    var = tempfile.mkdtemp(prefix="balai-bench-notify-")
    os.environ.update({"BALAI_VAR_DIR": var, "BALAI_DEMO": "1", "CELERY_BROKER_URL": "memory://",
                       "BALAI_LOG_LEVEL": "WARNING", "NOTIFY_SANDBOX_RATE": "1000000/min"})
    if pg:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB_NAME}"],
                       check=True, capture_output=True)
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {DB_NAME}"],
                       check=True, capture_output=True)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from balai.notifications.models import Preference

    User = get_user_model()  # noqa: N806
    now = timezone.now()
    users = [User(username=f"bench{i}", email=f"bench{i}@bench.test", password="!")  # noqa: S106 - unusable
             for i in range(count)]
    User.objects.bulk_create(users, batch_size=5000)
    ids = list(User.objects.filter(username__startswith="bench").values_list("id", flat=True))
    # numbers end in 1: the sandbox fails numbers ending in 0000 (a fail-over to e-mail, sent last,
    # would stretch the hand-over time by the whole reports' queue)
    Preference.objects.bulk_create([Preference(user_id=pk, phone=f"+62812{pk:07d}1", phone_verified_at=now,
                                               channels=["whatsapp"], opted_out=[]) for pk in ids], batch_size=5000)


def source(today):
    from datetime import timedelta

    from django.contrib.auth import get_user_model

    from balai.notifications.reminders import Reminder

    due = today + timedelta(days=30)
    for user in get_user_model().objects.filter(username__startswith="bench").order_by("id").iterator(2000):
        plate = f"L {user.pk % 9999 + 1} BN"
        yield Reminder("vehicles.pkb_due_30", user, {"plate": plate, "date": due, "url": "/pkb/kendaraan-saya/"},
                       f"bench-{user.pk}")


def worker(queue) -> None:
    from django.db import connection

    from balai.core import outbox

    connection.close()
    rss, sent = [], 0
    while True:
        n = outbox.drain(limit=500, budget_seconds=5)
        sent += n
        rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        if n == 0:
            break
    queue.put((sent, rss))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--batch", type=int, default=0, help="rows per drain transaction (default: the setting)")
    args = parser.parse_args()
    if args.batch:
        os.environ["OUTBOX_DRAIN_BATCH"] = str(args.batch)
    setup(args.pg)
    seed(args.count)
    from balai.notifications.models import Delivery
    from balai.notifications.reminders import register_reminder_source, run

    register_reminder_source("bench", source)
    started = time.perf_counter()
    result = run(cap=args.count, progress_bar=False, only=["bench"])
    enqueue_s = time.perf_counter() - started
    print(f"enqueued {result.seen} notifications in {enqueue_s:.1f} s: {result.seen / enqueue_s:,.0f}/s")

    from django.db import connection

    connection.close()
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=worker, args=(queue,)) for _ in range(args.workers)]
    started = time.perf_counter()
    from django.utils import timezone

    begun = timezone.now()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    send_s = time.perf_counter() - started
    sent = Delivery.objects.filter(status__in=["sent", "delivered"]).count()
    delivered = Delivery.objects.filter(status="delivered").count()
    from django.db.models import Max

    handed = (Delivery.objects.aggregate(m=Max("sent_at"))["m"] - begun).total_seconds()
    print(f"handed {sent} to the sandbox provider with {args.workers} workers in {handed:.1f} s: "
          f"{sent / handed:,.0f}/s (the last hand-over after the workers started)")
    print(f"and with the provider's {delivered} delivery reports applied (a second outbox row each, the "
          f"sandbox's stand-in for the provider's callback): {send_s:.1f} s, {sent / send_s:,.0f} messages/s")
    for i, (n, rss) in enumerate(results):
        print(f"worker {i}: {n} outbox rows, max RSS first/last sample {rss[0] // 1024}/{rss[-1] // 1024} MiB")
    if args.pg and not args.keep_db:
        connection.close()
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB_NAME}"],
                       check=False, capture_output=True)


if __name__ == "__main__":
    main()
