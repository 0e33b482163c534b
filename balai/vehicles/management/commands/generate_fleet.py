"""``balai generate_fleet --count N``: a realistic synthetic fleet (bulk.fleet_rows) for demos,
tests and benches. Re-runnable: each run adds N more vehicles after the ones already there."""

from django.core.management.base import BaseCommand

from balai.core.progress import progress
from balai.vehicles.bulk import fleet_generate


class Command(BaseCommand):
    help = "Generate N synthetic vehicles (~85 % motorcycles, multi-car owners, 0–3 years of arrears)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--batch", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--due-month", help="YYYY-MM: every vehicle's anniversary in this month (benches)")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, count, batch, seed, due_month, quiet, **options):
        with progress(total=count, description="fleet", enabled=not quiet) as advance:
            start, n = fleet_generate(count, batch_size=batch, seed=seed, due_month=due_month, advance=advance)
        self.stdout.write(f"generated vehicles #{start}–#{start + n - 1}")
