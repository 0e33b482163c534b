"""``balai vehicle_reminders``: vehicles whose tax or STNK falls due within 30 days, and those
approaching the registration-deletion milestones (UU 22/2009 Art. 74; Perpol 7/2021 Art. 84–85).
Prints JSON lines, one per reminder, ready for a notification channel."""

import json
from datetime import date

from django.core.management.base import BaseCommand

from balai.vehicles.reminders import reminders


class Command(BaseCommand):
    help = "List reminders: tax due / STNK expiring within N days, and 2-year deletion milestones."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--today", type=date.fromisoformat)
        parser.add_argument("--limit", type=int, default=100_000)

    def handle(self, *args, days, today, limit, **options):
        count = 0
        for reminder in reminders(today=today, within_days=days, limit=limit):
            self.stdout.write(json.dumps(reminder, default=str, ensure_ascii=False))
            count += 1
        self.stderr.write(f"{count} reminders")
