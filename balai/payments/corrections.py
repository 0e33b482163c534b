"""After a posting: corrections (events with a reason; a payment row is never edited), review
tasks resolved by staff, and the reversal of a posted payment whose money went back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.text import text_or_raise

from .bills import _event, _lock
from .errors import PaymentError
from .models import BillEvent, Payment, ReviewTask
from .registry import on_paid_handler, on_reversed_handler
from .states import REVERSAL, PaymentStatus


@transaction.atomic
def payment_correct(*, payment: Payment, by, reason: str, kind: str = "payment.correction",
                    data: dict | None = None) -> BillEvent:
    """Corrections are events with a reason; the payment row itself is never edited."""
    if not reason.strip():
        raise PaymentError("reason_required", _("Alasan koreksi wajib diisi."))
    bill = _lock(payment.bill)
    event = _event(bill, kind, payment=payment, reason=reason, actor=by, data=data or {})
    audit.record(action="payments.correction", actor=by, object_type="bill", object_id=bill.payment_code,
                 data={"payment": payment.pk, "reason": reason, **(data or {})})
    return event


@transaction.atomic
def task_resolve(*, task: ReviewTask, by, resolution: str) -> ReviewTask:
    resolution = text_or_raise(resolution, PaymentError)  # balai.core.text: the page posts it raw
    if not resolution.strip():
        raise PaymentError("reason_required", _("Catatan penyelesaian wajib diisi."))
    task = ReviewTask.objects.select_for_update().get(pk=task.pk)
    if task.resolved_at is not None:
        raise PaymentError("already_resolved", _("Tugas ini sudah diselesaikan."))
    task.resolved_at, task.resolved_by, task.resolution = timezone.now(), by, resolution[:300]
    task.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    if task.bill is not None:
        _event(task.bill, f"task.resolved.{task.kind}", payment=task.payment, actor=by, reason=resolution)
    audit.record(action="payments.task_resolved", actor=by, object_type="review_task", object_id=task.pk,
                 data={"kind": task.kind, "resolution": resolution})
    return task


@transaction.atomic
def payment_reverse(*, payment: Payment, by, reason: str, source: str = "") -> Payment:
    """Undo a posted payment whose money went back to the payer (a same-day void at a cash
    service point, approved by a supervisor) and reopen its bill.

    Takes ``SELECT … FOR UPDATE`` on the bill, then checks inside the lock that this payment is
    still the bill's posted one. Nothing is deleted: the payment keeps its row, receipt number
    and allocations with status ``reversed``, and the timeline gets ``payment.reversed`` and
    ``bill.reopened``. Refused for a bill kind whose on-paid effect has no registered undo.
    """
    if not reason.strip():
        raise PaymentError("reason_required", _("Alasan pembatalan wajib diisi."))
    bill = _lock(payment.bill)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    from_state, to_state, event_kind = REVERSAL
    if payment.status != PaymentStatus.POSTED or bill.status != from_state:
        raise PaymentError("not_reversible", _("Pembayaran ini tidak dalam status dibukukan."))
    undo = on_reversed_handler(bill.kind)
    if on_paid_handler(bill.kind) is not None and undo is None:
        raise PaymentError("reversal_unsupported",
                           _("Pembayaran jenis tagihan ini tidak dapat dibatalkan di sini: efeknya "
                             "(mis. pengesahan) tidak dapat dibatalkan otomatis."))
    payment.status = PaymentStatus.REVERSED
    payment.save(update_fields=["status"])
    bill.status, bill.closed_at = to_state, None
    bill.save(update_fields=["status", "closed_at"])
    _event(bill, "payment.reversed", payment=payment, actor=by, reason=reason,
           data={"amount": payment.amount, "receipt_number": payment.receipt_number, "source": source})
    _event(bill, event_kind, payment=payment, actor=by, reason=reason)
    audit.record(action="payments.payment_reversed", actor=by, object_type="bill", object_id=bill.payment_code,
                 data={"payment": payment.pk, "amount": payment.amount, "reason": reason, "source": source})
    if undo is not None:
        undo(bill=bill, payment=payment)
    return payment
