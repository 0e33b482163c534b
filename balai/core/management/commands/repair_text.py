"""``balai repair_text [--apply] [--model app.model ...]``: find (and repair) stored text that
``balai.core.text.clean_text`` would refuse today. Dry run by default; see ``balai.core.text_repair``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from balai.core import text_repair
from balai.core.progress import progress


class Command(BaseCommand):
    help = ("List rows whose text holds characters Balai no longer accepts (lone surrogates, control "
            "characters, noncharacters) or is not NFC; with --apply, repair them (audited, resumable).")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="write the repairs (default: dry run)")
        parser.add_argument("--model", action="append", dest="models", metavar="APP.MODEL",
                            help="only this model (repeatable), e.g. cases.application")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--restart", action="store_true",
                            help="forget where an interrupted --apply run stopped and start from the beginning")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, apply: bool, models: list[str] | None, batch_size: int, restart: bool,
               no_progress: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            total = text_repair.total_rows(models)
        except LookupError as exc:
            raise CommandError(f"unknown or text-less model: {exc}") from None
        if restart:
            text_repair.clear_checkpoints(models)
        lines: list[str] = []
        with progress(total=total, description="repair_text" if apply else "repair_text (dry run)",
                      enabled=not no_progress and options["verbosity"] > 0) as advance:
            summary = text_repair.repair(apply=apply, only=models, batch_size=batch_size, on_rows=advance,
                                         on_finding=lambda finding: lines.append(finding.line()))
        for label, pk in summary.resumed.items():
            self.stdout.write(f"{label}: resumed after #{pk}")
        for line in lines:
            self.stdout.write(line)
        listed, conflicts = summary.count("listed"), summary.count("conflict")
        if apply:
            self.stdout.write(f"{summary.count('repaired')} rows repaired, {conflicts} left (unique conflict), "
                              f"{listed} listed only (append-only/primary key); {summary.rows_scanned} rows scanned")
        else:
            self.stdout.write(f"dry run: {summary.count('pending')} rows would be repaired, {listed} listed only "
                              f"(append-only/primary key); {summary.rows_scanned} rows scanned. "
                              f"Run with --apply to write.")
