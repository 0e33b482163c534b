"""Bills: issue one with a fixed total and a new payment code, cancel it, let it expire, and
start a payment attempt at a gateway (which never changes the bill).

Locking rule (invariant 3): every change of a bill's state happens in ``transaction.atomic()``
after ``select_for_update()`` on the bill row (``_lock``), and the state is checked inside the lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit

from . import notices
from .codes import payment_code_new
from .errors import PaymentError
from .models import Beneficiary, BeneficiaryKind, Bill, BillEvent, BillLine, Payment, PaymentAttempt
from .registry import tax_head as registered_tax_head
from .states import BillAction, BillStatus, transition


@dataclass(frozen=True)
class LineSpec:
    tax_head: str
    label: str
    amount: int
    beneficiary: Beneficiary | None = None


def _event(bill: Bill, kind: str, *, payment: Payment | None = None, reason: str = "", actor=None,
           data: dict | None = None) -> BillEvent:
    return BillEvent.objects.create(bill=bill, payment=payment, kind=kind, reason=reason[:300], actor=actor,
                                    data=data or {}, created_at=timezone.now())


def _is_rupiah(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def beneficiary_for(tax_head: str, regency_code: str = "") -> Beneficiary:
    """The default owner of a tax head (``registry.register_tax_head``); a head owned by regency
    treasuries (opsen) goes to the treasury of ``regency_code``."""
    head = registered_tax_head(tax_head)
    if head is None:
        raise ValidationError(_("Kode pos pendapatan tidak dikenal: %(c)s") % {"c": tax_head},
                              code="unknown_tax_head")
    kind = head.beneficiary_kind
    qs = Beneficiary.objects.filter(kind=kind, active=True)
    if kind == BeneficiaryKind.REGENCY_TREASURY:
        qs = qs.filter(regency_code=regency_code)
    found = qs.order_by("code").first()
    if found is None:
        raise ValidationError(_("Rekening penerima untuk %(c)s tidak ditemukan.") % {"c": tax_head},
                              code="no_beneficiary")
    return found


@transaction.atomic
def bill_issue(*, kind: str, subject_type: str, subject_id: str, payer_name: str, description: str,
               lines: list[LineSpec], payer=None, regency_code: str = "", period: str = "",
               valid_for: timedelta | None = None, expires_at: datetime | None = None, by=None) -> Bill:
    """Issue a bill with a fixed total and a new payment code. Re-billing issues a new bill."""
    if not lines:
        raise ValidationError(_("Tagihan harus memiliki paling sedikit satu baris."), code="no_lines")
    for line in lines:
        if not _is_rupiah(line.amount) or line.amount <= 0:
            raise ValidationError(_("Jumlah setiap baris harus bilangan bulat rupiah positif."), code="amount")
        if registered_tax_head(line.tax_head) is None:
            raise ValidationError(_("Kode pos pendapatan tidak dikenal: %(c)s") % {"c": line.tax_head},
                                  code="unknown_tax_head")
    now = timezone.now()
    if expires_at is None:
        expires_at = now + (valid_for or timedelta(days=settings.PAYMENTS_BILL_VALID_DAYS))
    if expires_at <= now:
        raise ValidationError(_("Batas waktu bayar harus di masa depan."), code="expires_at")
    resolved = [(line, line.beneficiary or beneficiary_for(line.tax_head, regency_code)) for line in lines]
    bill = Bill.objects.create(
        payment_code=payment_code_new(), kind=kind, subject_type=subject_type, subject_id=str(subject_id),
        period=period, description=description[:200], payer=payer, payer_name=payer_name[:150],
        regency_code=regency_code, total=sum(line.amount for line in lines), issued_at=now,
        expires_at=expires_at, issued_by=by,
    )
    BillLine.objects.bulk_create([
        BillLine(bill=bill, position=i, tax_head=line.tax_head, label=line.label[:150], amount=line.amount,
                 beneficiary=beneficiary)
        for i, (line, beneficiary) in enumerate(resolved, start=1)
    ])
    _event(bill, "bill.issued", actor=by, data={"total": bill.total, "expires_at": expires_at.isoformat()})
    audit.record(action="payments.bill_issued", actor=by, object_type="bill", object_id=bill.payment_code,
                 data={"kind": kind, "total": bill.total, "subject": f"{subject_type}:{subject_id}"})
    notices.bill_issued(bill)  # e-mail / SMS / WhatsApp to the payer's account (balai.notifications)
    return bill


def _apply(bill: Bill, action: str, *, actor=None, reason: str = "", payment: Payment | None = None) -> None:
    """Move a locked bill along the transition table and append the edge's event."""
    new_state, event_kind = transition(bill.status, action)
    bill.status = new_state
    bill.closed_at = timezone.now()
    bill.save(update_fields=["status", "closed_at"])
    _event(bill, event_kind, payment=payment, actor=actor, reason=reason)


def _lock(bill_or_code: Bill | str) -> Bill:
    code = bill_or_code.payment_code if isinstance(bill_or_code, Bill) else bill_or_code
    try:
        return Bill.objects.select_for_update().get(payment_code=code)
    except Bill.DoesNotExist:
        raise PaymentError("unknown_bill", _("Kode bayar tidak ditemukan.")) from None


def _expire_if_due(bill: Bill) -> None:
    if bill.status == BillStatus.OPEN and bill.expires_at <= timezone.now():
        _apply(bill, BillAction.EXPIRE, reason="expires_at passed")


@transaction.atomic
def bill_cancel(*, bill: Bill, by, reason: str) -> Bill:
    if not reason.strip():
        raise PaymentError("reason_required", _("Alasan pembatalan wajib diisi."))
    bill = _lock(bill)
    _expire_if_due(bill)
    if bill.status != BillStatus.OPEN:
        raise PaymentError("bill_not_open", _("Tagihan ini tidak bisa dibatalkan: statusnya %(s)s.")
                           % {"s": bill.get_status_display()})
    _apply(bill, BillAction.CANCEL, actor=by, reason=reason)
    audit.record(action="payments.bill_cancelled", actor=by, object_type="bill", object_id=bill.payment_code,
                 data={"reason": reason})
    return bill


def bills_expire_overdue(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Close open bills whose payment window ended (periodic task). One short transaction each."""
    now = now or timezone.now()
    codes = list(Bill.objects.filter(status=BillStatus.OPEN, expires_at__lte=now)
                 .values_list("payment_code", flat=True)[:limit])
    for code in codes:
        with transaction.atomic():
            _expire_if_due(_lock(code))
    return len(codes)


def attempt_start(*, bill: Bill, gateway, method: str, return_url: str = "", by=None) -> PaymentAttempt:
    """Ask the gateway for payment instructions (VA number, QRIS payload or redirect).

    The gateway call happens outside any transaction (no lock is held while waiting on a bank);
    the attempt is then recorded. Starting a payment never changes the bill.
    """
    bill.refresh_from_db(fields=["status", "expires_at"])
    if bill.status != BillStatus.OPEN or bill.expires_at <= timezone.now():
        raise PaymentError("bill_not_open", _("Tagihan ini tidak dapat dibayar (sudah lunas, kedaluwarsa "
                                              "atau dibatalkan)."))
    if method not in gateway.methods:
        raise PaymentError("unsupported_method", _("Metode pembayaran tidak tersedia."))
    instructions = gateway.start_payment(bill=bill, method=method, return_url=return_url)
    with transaction.atomic():
        attempt = PaymentAttempt.objects.create(bill=bill, gateway=gateway.name, method=method,
                                                gateway_ref=instructions.gateway_ref,
                                                instructions=instructions.as_dict(), created_at=timezone.now())
        _event(bill, "attempt.started", actor=by, data={"gateway": gateway.name, "method": method,
                                                        "gateway_ref": instructions.gateway_ref})
    return attempt
