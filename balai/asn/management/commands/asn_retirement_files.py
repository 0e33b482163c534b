"""``balai asn_retirement_files``: open the retirement files due (what the daily task does)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from balai.asn.files import retirement_open_due


class Command(BaseCommand):
    help = "Open the retirement file of every PNS whose pension TMT is within ASN_RETIREMENT_LEAD_MONTHS."

    def handle(self, *args, **options):
        self.stdout.write(f"{retirement_open_due()} retirement files opened")
