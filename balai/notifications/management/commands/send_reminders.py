"""``balai send_reminders``: the day's reminders of every registered source (vehicle tax due,
STNK, deletion warnings, …) as notifications. Resumable (a killed run continues where its last
committed chunk ended), capped per run (``--cap``); daily from beat at 08:00 WIB."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from balai.notifications import conf
from balai.notifications.reminders import run, sources


class Command(BaseCommand):
    help = "Send the day's reminders (resumable, capped per run)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="the day (YYYY-MM-DD); default today")
        parser.add_argument("--cap", type=int, default=conf.REMINDER_CAP, help="at most this many rows in this run")
        parser.add_argument("--source", action="append", help="only this source (repeatable)")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, today, cap, source, quiet, **options):
        unknown = set(source or []) - set(sources())
        if unknown:
            raise CommandError(f"unknown source(s): {', '.join(sorted(unknown))}; known: {', '.join(sources())}")
        if cap < 1:
            raise CommandError("--cap must be at least 1")
        result = run(today=today, cap=cap, progress_bar=not quiet, only=source)
        self.stdout.write(f"{result.seen} reminders notified"
                          + (" (cap reached: run again to continue)" if result.capped else ""))
