"""Posting money exactly once: a payment arrives for a bill and is posted if and only if the
bill can take it (open, same total); otherwise it is recorded as a refund to make or a rejected
amount, with a review task. The same (channel, reference) again returns the first result.

Takes ``SELECT … FOR UPDATE`` on the bill (through ``PostingReads``); every check happens inside
that lock. The unique constraints on ``Payment`` (channel + external reference; one posted
payment per bill) are the last line of defence if a caller forgets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit, outbox
from balai.core.batch import Batch, Statement, insert, update
from balai.core.numbers import next_value, next_value_statement, with_check_digit

from .allocation import apportion
from .bills import _event, _expire_if_due, _is_rupiah
from .errors import PaymentError
from .models import Allocation, Bill, BillEvent, BillLine, Payment, PaymentAttempt, ReviewTask, TaskKind
from .posting_reads import PostingReads
from .registry import on_paid_handler
from .states import AttemptStatus, BillAction, BillStatus, PaymentStatus, transition

RECEIPT_SERIES = 8
RECEIPT_TASK = "balai.payments.tasks.issue_receipt"  # by name: tasks.py imports this module


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
