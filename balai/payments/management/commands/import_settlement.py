"""``balai import_settlement FILE.csv [--channel sandbox]``: match a bank's daily settlement file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balai.payments.models import SettlementOutcome
from balai.payments.reconciliation import SettlementFileError, settlement_import


class Command(BaseCommand):
    help = "Import a settlement CSV (date,reference,amount) and match it against Balai's payments."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--channel", default="sandbox")

    def handle(self, *args, file: str, channel: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            settlement, created = settlement_import(content=path.read_bytes(), channel=channel, file_name=path.name)
        except SettlementFileError as exc:
            raise CommandError(str(exc)) from exc
        if not created:
            self.stdout.write(f"{path.name} was already imported (#{settlement.pk}); nothing changed.")
        for outcome in SettlementOutcome:
            self.stdout.write(f"{outcome.label:<22} {settlement.counts.get(outcome.value, 0)}")
        for line in settlement.lines.exclude(outcome=SettlementOutcome.MATCHED).order_by("pk"):
            self.stdout.write(f"  {line.outcome:<17} {line.date} {line.reference} bank={line.amount} "
                              f"balai={line.balai_amount}")
