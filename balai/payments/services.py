"""Payment writes: issue and close bills, post payments exactly once.

Locking rule (invariant 3): every change of a bill's state or money happens in
``transaction.atomic()`` after ``select_for_update()`` on the bill row, and the state is checked
*inside* the lock. The unique constraints on ``Payment`` (channel + external reference; one
posted payment per bill) are the last line of defence if a caller forgets.

One module per part, all re-exported here (``from balai.payments.services import …`` is the one
import path for callers):

- ``errors``: ``PaymentError``;
- ``bills``: issue, cancel, expire a bill, start a payment attempt (``bill_issue``, ``LineSpec``,
  ``beneficiary_for``, ``bill_cancel``, ``bills_expire_overdue``, ``attempt_start``);
- ``posting``: post money exactly once (``payment_post``, ``PostingResult``, ``Also``, receipt
  numbers, ``allocations_for``); ``posting_reads``: the reads under the bill's lock (``PostingReads``);
- ``corrections``: after a posting (``payment_correct``, ``task_resolve``, ``payment_reverse``).
"""

from __future__ import annotations

from .bills import LineSpec, attempt_start, beneficiary_for, bill_cancel, bill_issue, bills_expire_overdue
from .corrections import payment_correct, payment_reverse, task_resolve
from .errors import PaymentError
from .posting import (
    RECEIPT_SERIES,
    RECEIPT_TASK,
    Also,
    PostingResult,
    allocations_for,
    payment_post,
    receipt_number_new,
)
from .posting_reads import PostingReads

__all__ = [
    "RECEIPT_SERIES", "RECEIPT_TASK", "Also", "LineSpec", "PaymentError", "PostingReads", "PostingResult",
    "allocations_for", "attempt_start", "beneficiary_for", "bill_cancel", "bill_issue", "bills_expire_overdue",
    "payment_correct", "payment_post", "payment_reverse", "receipt_number_new", "task_resolve",
]
