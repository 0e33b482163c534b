"""What a posting reads under the bill's lock, as one batch a caller can send with its own
statements (``payment_post(reads=...)``; the gateway webhooks and SNAP do)."""

from __future__ import annotations

from typing import TypeVar, cast

from django.db.models import Model

from balai.core.batch import Batch, Statement

from .models import Bill, BillLine, Payment

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
