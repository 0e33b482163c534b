"""``balai assess_vehicles --due-month YYYY-MM``: bill every vehicle due that month (bulk.py)."""

import re

from django.core.management.base import BaseCommand, CommandError

from balai.core.progress import progress
from balai.vehicles.bulk import _month_bounds, assess_due_month
from balai.vehicles.models import Vehicle


class Command(BaseCommand):
    help = "Assess and bill every vehicle whose annual tax falls due in the month (resumable, batched)."

    def add_arguments(self, parser):
        parser.add_argument("--due-month", required=True)
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--workers", type=int, default=1,
                            help="processes (PostgreSQL): e.g. the number of cores of the machine")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, due_month, batch, workers, quiet, **options):
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", due_month):
            raise CommandError("--due-month must be YYYY-MM")
        if not 1 <= workers <= 32:
            raise CommandError("--workers must be between 1 and 32")
        start, end = _month_bounds(due_month)
        candidates = Vehicle.objects.filter(status="active", due_date__lte=end, due_date__month=start.month).count()
        with progress(total=candidates, description=f"assess {due_month}", enabled=not quiet) as advance:
            report = assess_due_month(due_month, batch_size=batch, advance=advance, workers=workers)
        self.stdout.write(f"{due_month}: {report.billed} bills, {report.lines} lines, Rp {report.total:,} "
                          f"({report.skipped} not billable online: renewal or unknown NJKB)".replace(",", "."))
