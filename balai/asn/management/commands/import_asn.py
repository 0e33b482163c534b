"""``balai import_asn FILE.csv``: see balai/asn/importing.py for the format and rules."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balai.asn.importing import COLUMNS, count_rows, import_profiles
from balai.asn.models import ImportRun
from balai.core.progress import progress


class Command(BaseCommand):
    help = ("Import ASN profiles from a CSV. Columns: " + ",".join(COLUMNS)
            + ". Resumable: run the same file again to continue.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} not found")
        with progress(total=count_rows(path), description="Impor ASN", enabled=not options["no_progress"]) as advance:
            try:
                summary = import_profiles(path, on_progress=advance)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if summary.already_done:
            self.stdout.write(f"{path.name} was imported completely before (run #{summary.run_id}); nothing to do.")
            return
        self.stdout.write(f"run #{summary.run_id}: {summary.imported} profiles imported, {summary.failed} rows "
                          f"failed, {summary.warnings} NIP warnings, {summary.skipped} rows done earlier.")
        for error in ImportRun.objects.get(pk=summary.run_id).errors:
            self.stdout.write(f"  row {error['row']}: {error['error']}")
