"""`balai init_signing`: a development CA and signer certificate for the embedded default signer.

Idempotent: existing, matching, unexpired files are kept (documents signed earlier keep
validating). `--force` makes new ones. Production sets DOCUMENT_SIGNING_* to real certificates.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from balai.documents.pki import ensure_dev_pki
from balai.documents.signers import reset_signer_cache
from balai.documents.signers.local import stamp_font_path


class Command(BaseCommand):
    help = "Create a development CA and signer certificate for signed documents (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.DOCUMENT_SIGNING_DIR),
                            help="Directory for the key and certificate files (default: DOCUMENT_SIGNING_DIR).")
        parser.add_argument("--force", action="store_true", help="Make a new CA and signer even if valid ones exist.")

    def handle(self, *args, **options):
        pki = ensure_dev_pki(Path(options["dir"]), force=options["force"])
        stamp_font_path()  # the stamp-font subset, made once here instead of in the first request
        reset_signer_cache()
        verb = "created" if pki.created else "kept existing"
        if options["verbosity"] == 0:
            return
        self.stdout.write(f"signing: {verb} development CA and signer in {pki.directory}")
        if settings.DOCUMENT_SIGNER != "local":
            self.stdout.write(f"note: DOCUMENT_SIGNER is {settings.DOCUMENT_SIGNER!r}; these files are used by 'local' only.")
        elif Path(settings.DOCUMENT_SIGNING_CERT).resolve() != pki.signer_cert.resolve():
            self.stdout.write(f"note: DOCUMENT_SIGNING_CERT points to {settings.DOCUMENT_SIGNING_CERT}, not to this directory.")
