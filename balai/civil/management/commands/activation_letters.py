"""``balai activation_letters``: print the waiting activation letters into PDF parts for the post
(balai/civil/activation_letters.py). Resumable: run it again with the same ``--batch``."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balai.civil.activation_letters import default_batch_name, print_letters, waiting_count
from balai.core.progress import progress


class Command(BaseCommand):
    help = ("Give every requested activation letter its one-time code and print the letters into PDF parts "
            "(IDENTITY_LETTER_DIR/<batch>/part-NNNN.pdf). Resumable: run again with the same --batch.")

    def add_arguments(self, parser):
        parser.add_argument("--batch", default=None, help="batch name (default: today, YYYYMMDD)")
        parser.add_argument("--out", type=Path, default=None, help="output folder (default: IDENTITY_LETTER_DIR)")
        parser.add_argument("--part-size", type=int, default=200, help="letters per PDF part")
        parser.add_argument("--limit", type=int, default=None, help="print at most this many letters")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, batch, out, part_size, limit, no_progress, **options):
        batch = batch or default_batch_name()
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", batch):
            raise CommandError("--batch: 1–40 letters, digits, '-' or '_'")
        if not 1 <= part_size <= 5000:
            raise CommandError("--part-size must be between 1 and 5000")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        total = waiting_count() if limit is None else min(limit, waiting_count())
        with progress(total=total, description=f"Surat aktivasi {batch}", enabled=not no_progress) as advance:
            report = print_letters(batch=batch, out_dir=out, part_size=part_size, limit=limit, advance=advance)
        self.stdout.write(f"batch {report.batch}: {report.printed} letters printed in {len(report.parts or [])} "
                          f"parts, {report.cancelled} cancelled (account verified or released, or no address)")
        for path in report.parts or []:
            self.stdout.write(f"  {path}")
