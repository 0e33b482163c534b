"""Compile every .po file of Balai into .mo without GNU gettext (pure Python, polib), so
`make run` needs nothing but python3. Re-running only rewrites stale .mo files."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile Balai's translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        compiled = 0
        for po_path in Path(settings.PACKAGE_DIR).rglob("locale/*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"compiled {compiled} translation catalogue(s)")
