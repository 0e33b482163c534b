"""Payment writes: issue and close bills, post payments exactly once.

Locking rule (invariant 3): every change of a bill's state or money happens in
``transaction.atomic()`` after ``select_for_update()`` on the bill row, and the state is checked
*inside* the lock. The unique constraints on ``Payment`` (channel + external reference; one
posted payment per bill) are the last line of defence if a caller forgets.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit, outbox
from balai.core.batch import Batch, Statement, insert, update
from balai.core.errors import DomainError
from balai.core.numbers import next_value, next_value_statement, with_check_digit
from balai.core.text import text_or_raise

from .allocation import apportion
from .codes import payment_code_new
from .models import (
    Allocation,
    Beneficiary,
    BeneficiaryKind,
    Bill,
    BillEvent,
    BillLine,
    Payment,
    PaymentAttempt,
    ReviewTask,
    TaskKind,
)
from .registry import on_paid_handler, on_reversed_handler
from .registry import tax_head as registered_tax_head
from .states import REVERSAL, AttemptStatus, BillAction, BillStatus, PaymentStatus, transition

log = logging.getLogger("balai.payments")

class PaymentError(DomainError):
    """A refusal with a stable code (the API answers 409 with it)."""

    status_code = 409

    def __init__(self, code: str, message: str):
        super().__init__(code, message)


@dataclass(frozen=True)
class LineSpec:
    tax_head: str
    label: str
    amount: int
    beneficiary: Beneficiary | None = None


@dataclass
class PostingResult:
    """What happened to one arrival of money. ``outcome``: posted | refund_required | rejected."""

    outcome: str
    payment: Payment
    bill: Bill
    created: bool = True
    data: dict[str, Any] = field(default_factory=dict)
    also_done: bool = False  # payment_post(also=...) statements were sent with the posting

    def as_dict(self) -> dict[str, Any]:
        return {
            "result": self.outcome,
            "reason": self.payment.reason,
            "payment_code": self.bill.payment_code,
            "bill_status": self.bill.status,
            "channel": self.payment.channel,
            "reference": self.payment.external_ref,
            "amount": self.payment.amount,
            "receipt_number": self.payment.receipt_number,
        }


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


RECEIPT_SERIES = 8
RECEIPT_TASK = "balai.payments.tasks.issue_receipt"  # by name: tasks.py imports this module
Also = Callable[[PostingResult], list[Statement]]


def receipt_number_new(when: datetime, *, series: int) -> str:
    """``YYYY`` + series digit + 8-digit sequence + Damm check digit.

    A counter row stays locked until the posting commits, so one counter would make every
    posting in the province wait for the previous one. Eight series (chosen by the bill) keep
    each sequence gap-free per committed posting, as an auditor expects, without that queue."""
    key, prefix = _receipt_series(when, series)
    return with_check_digit(f"{prefix}{next_value(key):08d}")


def _receipt_series(when: datetime, series: int) -> tuple[str, str]:
    """(counter key, number prefix) of ``receipt_number_new``."""
    year = timezone.localtime(when).year
    series %= RECEIPT_SERIES
    return f"payments:receipt:{year}:{series}", f"{year}{series}"


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


def _task(kind: str, *, bill: Bill, payment: Payment, summary: str, data: dict | None = None) -> ReviewTask:
    return ReviewTask.objects.create(kind=kind, bill=bill, payment=payment, summary=summary[:300],
                                     data=data or {}, regency_code=bill.regency_code, created_at=timezone.now())


def _result_for_existing(existing: Payment, bill: Bill) -> PostingResult:
    return PostingResult(outcome=existing.status, payment=existing, bill=bill, created=False)


def payment_post(*, payment_code: str, channel: str, external_ref: str, amount: int, paid_at: datetime | None = None,
                 attempt: PaymentAttempt | None = None, by=None, source: str = "",
                 savepoint: bool = True, also: Also | None = None,
                 reads: PostingReads | None = None) -> PostingResult:
    """Record money that arrived for a bill; post it if and only if the bill can take it.

    Takes ``SELECT … FOR UPDATE`` on the bill; every check happens inside that lock. The same
    (channel, reference) again returns the first result and changes nothing.

    Inside a caller's transaction this costs a savepoint (two round trips) so that the one
    ``IntegrityError`` left possible — the same channel reference posted for *another* bill at
    the same instant — can be answered with ``reference_conflict``. A caller that passes
    ``savepoint=False`` gets that ``IntegrityError`` raised instead, its transaction is then
    unusable, and it must roll back and try again (the retry finds the other payment inside the
    lock and gets ``reference_conflict``); ``webhooks.webhook_receive`` does that.

    ``also(result)``, if given, returns further statements that are sent with the posting's own
    writes (one round trip) when a new payment is posted; ``result.also_done`` tells the caller.
    ``reads`` (``PostingReads``, already run in this transaction) saves the lock's round trip; they
    are used only if they are for this bill and reference.
    """
    if not _is_rupiah(amount) or amount < 0:
        raise PaymentError("invalid_amount", _("Jumlah harus bilangan bulat rupiah."))
    if not external_ref or len(external_ref) > 100:
        raise PaymentError("invalid_reference", _("Referensi kanal wajib diisi (maks. 100 karakter)."))
    args = {"payment_code": payment_code, "channel": channel, "external_ref": external_ref, "amount": amount,
            "paid_at": paid_at or timezone.now(), "attempt": attempt, "by": by, "source": source, "also": also,
            "reads": reads}
    if not savepoint and transaction.get_connection().in_atomic_block:
        # The caller's transaction is the boundary. A PaymentError is raised before any write,
        # so the caller may still go on; after an IntegrityError it must roll back and retry.
        return _post_locked(**args)
    try:
        with transaction.atomic():
            return _post_locked(**args)
    except IntegrityError:
        # Only reachable if the same channel reference was used for another bill.
        existing = Payment.objects.select_related("bill").filter(channel=channel, external_ref=external_ref).first()
        if existing is not None and existing.bill.payment_code == payment_code:
            return _result_for_existing(existing, existing.bill)
        raise PaymentError("reference_conflict",
                           _("Referensi kanal ini sudah dipakai untuk tagihan lain.")) from None


_M = TypeVar("_M", bound=Model)


class PostingReads:
    """What a posting reads under the bill's lock, queued in a ``Batch`` so that a caller can send
    it in the same round trip as its own statements (``payment_post(reads=...)``):

    1. the bill, ``SELECT … FOR UPDATE``;
    2. the payment with this channel reference — a separate statement, so its snapshot is taken
       after any wait for that lock and sees what the previous holder committed;
    3. the bill's lines (fixed at issue).

    ``payment_code`` may be an SQL expression ``(sql, params)`` that yields the code."""

    def __init__(self, batch: Batch, *, payment_code: str | Statement, channel: str, external_ref: str):
        code_sql, code_params = payment_code if isinstance(payment_code, tuple) else ("%s", [payment_code])
        self.batch, self.channel, self.external_ref = batch, channel, external_ref
        self.i_bill = batch.add_select(Bill, f"payment_code = {code_sql}", code_params, for_update=True)
        self.i_existing = batch.add_select(Payment, "channel = %s AND external_ref = %s", [channel, external_ref])
        self.i_lines = batch.add_select(
            BillLine, f"bill_id = (SELECT id FROM {Bill._meta.db_table} WHERE payment_code = {code_sql})",  # noqa: S608
            code_params, order_by="position")
        self.rows: list[list[tuple]] | None = None

    def run(self) -> PostingReads:
        self.rows = self.batch.run()
        return self

    def received(self, rows: list[list[tuple]]) -> PostingReads:
        """The caller ran the batch: keep its rows."""
        self.rows = rows
        return self

    def _objects(self, model: type[_M], index: int) -> list[_M]:
        # read after run() or received(), and index is the select queued above for model
        return cast(list[_M], self.batch.objects(cast(list[list[tuple]], self.rows), index))

    def bill(self) -> Bill | None:
        return next(iter(self._objects(Bill, self.i_bill)), None)

    def existing(self) -> Payment | None:
        return next(iter(self._objects(Payment, self.i_existing)), None)

    def lines(self) -> list[BillLine]:
        return list(self._objects(BillLine, self.i_lines))


def _post_locked(*, payment_code: str, channel: str, external_ref: str, amount: int, paid_at: datetime,
                 attempt: PaymentAttempt | None, by, source: str, also: Also | None,
                 reads: PostingReads | None) -> PostingResult:
    bill = None
    if reads is not None and reads.rows is not None and (reads.channel, reads.external_ref) == (channel, external_ref):
        bill = reads.bill()
        if bill is not None and bill.payment_code != payment_code:
            bill = None
    if bill is None or reads is None:  # no usable reads from the caller: one round trip of our own
        reads = PostingReads(Batch(), payment_code=payment_code, channel=channel, external_ref=external_ref).run()
        bill = reads.bill()
    if bill is None:
        raise PaymentError("unknown_bill", _("Kode bayar tidak ditemukan."))
    existing = reads.existing()
    if existing is not None:
        if existing.bill_id != bill.pk:
            raise PaymentError("reference_conflict", _("Referensi kanal ini sudah dipakai untuk tagihan lain."))
        return _result_for_existing(existing, bill)
    _expire_if_due(bill)
    now = timezone.now()
    base = {"bill": bill, "channel": channel, "external_ref": external_ref, "amount": amount, "paid_at": paid_at,
            "received_at": now, "attempt": attempt, "recorded_by": by}
    if bill.status != BillStatus.OPEN:
        reason = "bill_already_paid" if bill.status == BillStatus.PAID else f"bill_{bill.status}"
        payment = Payment.objects.create(status=PaymentStatus.REFUND_REQUIRED, reason=reason, **base)
        _event(bill, "payment.refund_required", payment=payment, reason=reason, actor=by,
               data={"channel": channel, "reference": external_ref, "amount": amount, "source": source})
        _task(TaskKind.REFUND, bill=bill, payment=payment,
              summary=_("Dana Rp %(a)s masuk untuk tagihan berstatus %(s)s: kembalikan ke pembayar.")
              % {"a": f"{amount:,}".replace(",", "."), "s": bill.get_status_display()})
        audit.record(action="payments.refund_required", actor=by, object_type="bill", object_id=bill.payment_code,
                     data={"channel": channel, "reference": external_ref, "amount": amount, "reason": reason})
        return PostingResult(outcome=payment.status, payment=payment, bill=bill)
    if amount != bill.total:
        payment = Payment.objects.create(status=PaymentStatus.REJECTED, reason="amount_mismatch", **base)
        _event(bill, "payment.rejected", payment=payment, reason="amount_mismatch", actor=by,
               data={"expected": bill.total, "received": amount, "channel": channel, "source": source})
        _task(TaskKind.AMOUNT_MISMATCH, bill=bill, payment=payment,
              summary=_("Jumlah diterima %(r)s tidak sama dengan tagihan %(e)s.") % {"r": amount, "e": bill.total})
        audit.record(action="payments.payment_rejected", actor=by, object_type="bill", object_id=bill.payment_code,
                     data={"expected": bill.total, "received": amount, "channel": channel})
        return PostingResult(outcome=payment.status, payment=payment, bill=bill)
    return _post_new(bill, reads.lines(), base=base, attempt=attempt, by=by, source=source,
                     also=also)


def _post_new(bill: Bill, lines: list[BillLine], *, base: dict[str, Any], attempt: PaymentAttempt | None, by,
              source: str, also: Also | None) -> PostingResult:
    """The posting itself, on a locked open bill whose total matches: two round trips.

    1. the receipt number (counter of the bill's series) and the place in the audit chain;
    2. payment, allocations, bill → paid, attempt → paid, the two events, audit entry + chain
       head, the receipt's outbox row. Rows inserted in the same round trip refer to the payment by its unique
       (channel, reference) key."""
    channel, external_ref, amount = base["channel"], base["external_ref"], base["amount"]
    counter_key, prefix = _receipt_series(base["paid_at"], bill.pk)
    pending = audit.prepare(action="payments.payment_posted", actor=by, object_type="bill",
                            object_id=bill.payment_code)
    reserve = Batch()
    i_number = reserve.add(*next_value_statement(counter_key))
    i_chain = reserve.add(*pending.reserve())
    reserved = reserve.run()
    payment = Payment(status=PaymentStatus.POSTED,
                      receipt_number=with_check_digit(f"{prefix}{int(reserved[i_number][0][0]):08d}"), **base)
    pending.set_data({"channel": channel, "reference": external_ref, "amount": amount,
                      "receipt_number": payment.receipt_number})
    new_state, event_kind = transition(bill.status, BillAction.PAY)
    bill.status, bill.closed_at = new_state, timezone.now()
    this_payment = (f"(SELECT id FROM {Payment._meta.db_table} WHERE channel = %s AND external_ref = %s)",  # noqa: S608
                    [channel, external_ref])
    writes = Batch()
    i_payment = writes.add(*insert([payment], returning=("id",)))
    writes.add(*insert(allocations_for(payment, lines), expressions={"payment_id": this_payment}))
    writes.add(*update(Bill, bill.pk, {"status": bill.status, "closed_at": bill.closed_at}))
    if attempt is not None and attempt.status != AttemptStatus.PAID:
        writes.add(*update(PaymentAttempt, attempt.pk, {"status": AttemptStatus.PAID}))
    events = [
        BillEvent(bill=bill, kind=event_kind, actor=by, data={}, created_at=bill.closed_at),
        BillEvent(bill=bill, kind="payment.posted", actor=by, created_at=timezone.now(),
                  data={"channel": channel, "reference": external_ref, "amount": amount,
                        "receipt_number": payment.receipt_number, "source": source}),
    ]
    writes.add(*insert(events, expressions={"payment_id": this_payment}))
    writes.extend(pending.place(reserved[i_chain][0]))
    # The receipt, after the commit, through the outbox (receipts.py), keyed by this reference.
    receipt = outbox.prepare(RECEIPT_TASK, robust=True, channel=channel, external_ref=external_ref)
    i_receipt = writes.add(*receipt.statement)
    result = PostingResult(outcome=payment.status, payment=payment, bill=bill)
    if also is not None:
        writes.extend(also(result))
        result.also_done = True
    written = writes.run()
    payment.pk = written[i_payment][0][0]
    receipt.placed(written[i_receipt])
    payment._state.adding, payment._state.db = False, writes.using
    handler = on_paid_handler(bill.kind)
    if handler is not None:
        handler(bill=bill, payment=payment)
    return result


def allocations_for(payment: Payment, lines: list[BillLine]) -> list[Allocation]:
    """Split the payment over the lines' beneficiaries; the shares always add up to the amount."""
    shares = apportion(payment.amount, [line.amount for line in lines])
    grouped: dict[tuple[int, str], int] = defaultdict(int)
    for line, share in zip(lines, shares, strict=True):
        grouped[(line.beneficiary_id, line.tax_head)] += share
    return [Allocation(payment=payment, beneficiary_id=beneficiary_id, tax_head=tax_head, amount=share)
            for (beneficiary_id, tax_head), share in grouped.items()]


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
