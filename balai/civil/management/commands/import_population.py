"""``balai import_population FILE.csv``: see balai/civil/importing.py for the format and rules."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balai.civil.importing import COLUMNS, PopulationImporter, count_rows
from balai.core.progress import progress


class Command(BaseCommand):
    help = ("Import persons and family cards from a CSV (one row per person, the rows of a KK together). "
            "Columns: " + ",".join(COLUMNS) + ". Resumable: run the same file again to continue.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--report", type=Path, default=None,
                            help="Per-row error report (CSV); default FILE.errors.csv")
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument("--no-dedup", action="store_true", help="Skip the duplicate check (trusted source).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} not found")
        started = time.perf_counter()
        total = count_rows(path)
        with progress(total=total, description="Impor penduduk", enabled=not options["no_progress"]) as advance:
            try:
                importer = PopulationImporter(path, report_path=options["report"], batch_size=options["batch_size"],
                                              check_duplicates=not options["no_dedup"], on_progress=advance)
                summary = importer.run()
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        if summary.already_done:
            self.stdout.write(f"{path.name} was imported completely before (run #{summary.run_id}); nothing to do.")
            return
        self.stdout.write(
            f"run #{summary.run_id}: {summary.persons_imported} persons and {summary.cards_imported} family cards "
            f"imported in {summary.batches} batches, {summary.rows_failed} rows failed, "
            f"{summary.persons_held} held as likely duplicates, {summary.warnings} warnings, "
            f"{summary.rows_skipped} rows already imported earlier; {elapsed:.1f} s. "
            f"Report: {importer.report_path}")
