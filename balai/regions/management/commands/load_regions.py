from pathlib import Path

from django.core.management.base import BaseCommand

from balai.core.progress import progress
from balai.regions.directory import DATA_FILE
from balai.regions.services import count_rows, regions_load


class Command(BaseCommand):
    help = "Load the Kemendagri region table (91,599 rows). Idempotent: re-running changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE)

    def handle(self, *args, file: Path, verbosity: int, **options):
        with progress(total=count_rows(file), description="load_regions", enabled=verbosity > 0) as advance:
            stats = regions_load(path=file, on_progress=advance)
        self.stdout.write(f"regions: {stats['created']} created, {stats['updated']} updated, "
                          f"{stats['total']} in total")
