"""Reconciliation: ask the gateway about quiet payments, match the bank's settlement file.

Nothing here edits a payment. A status query that finds money posts it through the same
``payment_post`` as a webhook (so it is still exactly once); a difference in the settlement file
becomes an event with its reason and a task for a supervisor (invariant 2, REFERENCE §4.5).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.core.text import clean_text

from .gateways import GatewayError, registry
from .models import (
    BillEvent,
    Payment,
    PaymentAttempt,
    Receipt,
    ReviewTask,
    SettlementImport,
    SettlementLine,
    SettlementOutcome,
    TaskKind,
)
from .services import PaymentError, payment_post
from .states import AttemptStatus

log = logging.getLogger("balai.payments")
PENDING_AFTER = timedelta(minutes=15)
RECHECK_EVERY = timedelta(minutes=5)


@dataclass
class ReconcileReport:
    checked: int = 0
    posted: int = 0
    closed: int = 0
    errors: int = 0
    receipts_overdue: int = 0


def attempts_reconcile(*, now: datetime | None = None, limit: int = 500) -> ReconcileReport:
    """Query the gateway for attempts still pending after 15 minutes (missed or late webhooks)."""
    now = now or timezone.now()
    report = ReconcileReport()
    due = (PaymentAttempt.objects.select_related("bill")
           .filter(status=AttemptStatus.PENDING, created_at__lte=now - PENDING_AFTER)
           .exclude(last_checked_at__gt=now - RECHECK_EVERY).order_by("created_at")[:limit])
    for attempt in due:
        report.checked += 1
        PaymentAttempt.objects.filter(pk=attempt.pk).update(last_checked_at=now)
        gateway = registry.get(attempt.gateway)
        if gateway is None:
            continue
        try:
            status = gateway.query_status(gateway_ref=attempt.gateway_ref)
        except GatewayError as exc:
            report.errors += 1
            log.warning("status query for %s failed: %s", attempt.gateway_ref, exc)
            continue
        if status.status == "paid" and status.amount is not None:
            try:
                result = payment_post(payment_code=attempt.bill.payment_code, channel=attempt.gateway,
                                      external_ref=status.external_ref or attempt.gateway_ref, amount=status.amount,
                                      paid_at=status.paid_at, attempt=attempt, source="reconciliation")
            except PaymentError:
                report.errors += 1
                continue
            if result.created:
                report.posted += 1
                BillEvent.objects.create(bill=attempt.bill, payment=result.payment, kind="reconciliation.status_query",
                                         reason=_("Pembayaran ditemukan lewat kueri status ke gateway "
                                                  "(notifikasi tidak diterima)."),
                                         data={"gateway_ref": attempt.gateway_ref, "outcome": result.outcome},
                                         created_at=timezone.now())
        elif status.status in ("failed", "expired"):
            with transaction.atomic():
                locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
                if locked.status == AttemptStatus.PENDING:
                    locked.status = status.status
                    locked.save(update_fields=["status"])
                    BillEvent.objects.create(bill=attempt.bill, kind=f"attempt.{status.status}",
                                             reason=_("Status dari kueri rekonsiliasi."), created_at=timezone.now(),
                                             data={"gateway_ref": attempt.gateway_ref})
                    report.closed += 1
    # Receipts go through the outbox every few seconds (receipts.py); one still queued after 5
    # minutes means it keeps failing (the signer, say): counted here for the alert.
    from balai.core.models import OutboxTask

    from .services import RECEIPT_TASK

    report.receipts_overdue = OutboxTask.objects.filter(task=RECEIPT_TASK,
                                                        created_at__lte=now - timedelta(minutes=5)).count()
    return report


class SettlementFileError(DomainError, ValueError):
    """A bank settlement file that cannot be read; the message names the row."""

    def __init__(self, message):
        super().__init__("invalid_settlement_file", message)


def _parse_settlement(content: bytes) -> list[tuple[int, date, str, int]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SettlementFileError(_("Berkas harus UTF-8.")) from exc
    reader = csv.DictReader(io.StringIO(text))
    if [h.strip().lower() for h in (reader.fieldnames or [])] != ["date", "reference", "amount"]:
        raise SettlementFileError(_("Kolom harus: date,reference,amount."))
    rows = []
    for line_no, row in enumerate(reader, start=2):
        values = {k.strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            day = date.fromisoformat(values["date"])
        except ValueError as exc:
            raise SettlementFileError(_("Baris %(n)s: tanggal tidak valid.") % {"n": line_no}) from exc
        if not values["amount"].isdigit():  # integer rupiah only: "1.5" or "1e3" are refused
            raise SettlementFileError(_("Baris %(n)s: jumlah harus bilangan bulat rupiah.") % {"n": line_no})
        if not values["reference"]:
            raise SettlementFileError(_("Baris %(n)s: referensi kosong.") % {"n": line_no})
        try:  # balai.core.text, like every free text at a boundary
            reference = clean_text(values["reference"], max_length=100)
        except ValidationError as exc:
            raise SettlementFileError(_("Baris %(n)s: referensi: %(e)s") % {"n": line_no, "e": exc.messages[0]}) from None
        rows.append((line_no, day, reference, int(values["amount"])))
    return rows


@transaction.atomic
def settlement_import(*, content: bytes, channel: str, file_name: str = "", by=None) -> tuple[SettlementImport, bool]:
    """Match a settlement file against Balai's payments. The same file twice is imported once."""
    digest = hashlib.sha256(content).hexdigest()
    existing = SettlementImport.objects.filter(channel=channel, sha256=digest).first()
    if existing is not None:
        return existing, False
    rows = _parse_settlement(content)
    settlement = SettlementImport.objects.create(channel=channel, file_name=file_name[:200], sha256=digest,
                                                 imported_at=timezone.now(), imported_by=by)
    payments = {p.external_ref: p for p in Payment.objects.select_related("bill").filter(
        channel=channel, external_ref__in=[r[2] for r in rows])}
    lines, seen = [], set()
    for line_no, day, reference, amount in rows:
        payment = payments.get(reference)
        seen.add(reference)
        if payment is None:
            outcome = SettlementOutcome.MISSING_IN_BALAI
        elif payment.amount != amount:
            outcome = SettlementOutcome.AMOUNT_DIFFERS
        else:
            outcome = SettlementOutcome.MATCHED
        lines.append(SettlementLine(settlement=settlement, line_no=line_no, date=day, reference=reference,
                                    amount=amount, balai_amount=payment.amount if payment else None,
                                    outcome=outcome, payment=payment))
    days = {r[1] for r in rows}
    if days:
        start = min(days)
        window = Payment.objects.select_related("bill").filter(
            channel=channel, paid_at__gte=timezone.make_aware(datetime.combine(start, datetime.min.time())),
            paid_at__lt=timezone.make_aware(datetime.combine(max(days) + timedelta(days=1), datetime.min.time())))
        for payment in window:
            local_day = timezone.localtime(payment.paid_at).date()
            if local_day in days and payment.external_ref not in seen:
                lines.append(SettlementLine(settlement=settlement, date=local_day, reference=payment.external_ref,
                                            amount=None, balai_amount=payment.amount,
                                            outcome=SettlementOutcome.MISSING_AT_BANK, payment=payment))
    SettlementLine.objects.bulk_create(lines)
    counts = {outcome.value: 0 for outcome in SettlementOutcome}
    now = timezone.now()
    for line in lines:
        counts[line.outcome] += 1
        if line.outcome == SettlementOutcome.MATCHED:
            continue
        reason = _("Rekonsiliasi %(f)s: %(o)s (bank %(b)s, Balai %(l)s).") % {
            "f": file_name or digest[:12], "o": SettlementOutcome(line.outcome).label,
            "b": line.amount if line.amount is not None else "—",
            "l": line.balai_amount if line.balai_amount is not None else "—"}
        if line.payment is not None:
            BillEvent.objects.create(bill=line.payment.bill, payment=line.payment, kind=f"reconciliation.{line.outcome}",
                                     reason=reason[:300], actor=by, created_at=now,
                                     data={"settlement": settlement.pk, "reference": line.reference,
                                           "bank_amount": line.amount, "balai_amount": line.balai_amount})
        ReviewTask.objects.create(kind=TaskKind.SETTLEMENT, bill=line.payment.bill if line.payment else None,
                                  payment=line.payment, summary=reason[:300], created_at=now,
                                  regency_code=line.payment.bill.regency_code if line.payment else "",
                                  data={"settlement": settlement.pk, "reference": line.reference,
                                        "outcome": line.outcome})
    settlement.counts = counts
    settlement.save(update_fields=["counts"])
    audit.record(action="payments.settlement_imported", actor=by, object_type="settlement", object_id=settlement.pk,
                 data={"channel": channel, "file": file_name, "sha256": digest, "counts": counts})
    return settlement, True


def receipt_exists(payment: Payment) -> bool:
    return Receipt.objects.filter(payment=payment).exists()
