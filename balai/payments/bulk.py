"""Bills by the thousand (the annual vehicle-tax assessment): every bill write stays in payments.

``bills_issue_bulk(bills)`` writes bills, their lines and their "bill.issued" events in the
caller's transaction — ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere — with payment codes from
one reservation of the one payment-code counter (``codes.payment_codes_block``). The checks are
``bill_issue``'s (lines present, positive integer rupiah, a registered tax head, a beneficiary,
an expiry in the future); one bad bill refuses the whole call before anything is written.

``copy_rows(model, names, rows)`` is the ``COPY`` itself, its column list taken from the model:
columns the caller does not name get their field's default (or NULL), and a new column without
either makes it fail loudly instead of writing rows the ORM could not have written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from django.utils.translation import gettext as _

from .codes import payment_codes_block
from .models import Bill, BillEvent, BillLine
from .registry import tax_head
from .states import BillStatus

# (tax head, label, amount in rupiah, beneficiary id)
BulkLine = tuple[str, str, int, int]


@dataclass
class BulkBill:
    kind: str
    subject_type: str
    subject_id: str
    payer_name: str
    description: str
    expires_at: datetime
    lines: list[BulkLine]
    payer_id: int | None = None
    regency_code: str = ""
    period: str = ""
    event_data: dict[str, Any] = field(default_factory=dict)  # added to the "bill.issued" event
    payment_code: str = ""  # set by bills_issue_bulk
    total: int = 0  # set by bills_issue_bulk


def _check(bill: BulkBill, now: datetime, known: dict[str, bool]) -> None:
    if not bill.lines:
        raise ValidationError(_("Tagihan harus memiliki paling sedikit satu baris."), code="no_lines")
    total = 0
    for head, _label, amount, beneficiary_id in bill.lines:
        if type(amount) is not int or amount <= 0:
            raise ValidationError(_("Jumlah setiap baris harus bilangan bulat rupiah positif."), code="amount")
        if head not in known:
            known[head] = tax_head(head) is not None
        if not known[head]:
            raise ValidationError(_("Kode pos pendapatan tidak dikenal: %(c)s") % {"c": head}, code="unknown_tax_head")
        if beneficiary_id is None:
            raise ValidationError(_("Rekening penerima untuk %(c)s tidak ditemukan.") % {"c": head},
                                  code="no_beneficiary")
        total += amount
    if bill.expires_at <= now:
        raise ValidationError(_("Batas waktu bayar harus di masa depan."), code="expires_at")
    bill.total = total


def bills_issue_bulk(bills: Sequence[BulkBill], *, now: datetime | None = None,
                     using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """Issue ``bills`` (their ``payment_code`` and ``total`` are filled in); returns their ids in
    order. Call inside a transaction: with it, the codes' counter values roll back too."""
    if not bills:
        return []
    now = now or timezone.now()
    known: dict[str, bool] = {}
    for bill in bills:
        _check(bill, now, known)
    for bill, code in zip(bills, payment_codes_block(len(bills)), strict=True):
        bill.payment_code = code
    if connections[using].vendor != "postgresql":
        return _bulk_create(bills, now, using)
    ids = next_ids(Bill, len(bills), using=using)
    copy_rows(Bill, ["id", "payment_code", "kind", "subject_type", "subject_id", "period", "description", "payer_id",
                     "payer_name", "regency_code", "total", "status", "issued_at", "expires_at"],
              ((bid, b.payment_code, b.kind, b.subject_type, b.subject_id, b.period, b.description[:200], b.payer_id,
                b.payer_name[:150], b.regency_code, b.total, BillStatus.OPEN, now, b.expires_at)
               for bid, b in zip(ids, bills, strict=True)), using=using)
    copy_rows(BillLine, ["bill_id", "position", "tax_head", "label", "amount", "beneficiary_id"],
              ((bid, position, head, label[:150], amount, owner) for bid, b in zip(ids, bills, strict=True)
               for position, (head, label, amount, owner) in enumerate(b.lines, start=1)), using=using)
    copy_rows(BillEvent, ["bill_id", "kind", "reason", "data", "created_at"],
              ((bid, "bill.issued", "", json.dumps(_event_data(b)), now) for bid, b in zip(ids, bills, strict=True)),
              using=using)
    return ids


def _event_data(bill: BulkBill) -> dict[str, Any]:
    return {"total": bill.total, "expires_at": bill.expires_at.isoformat(), **bill.event_data}


def _bulk_create(bills: Sequence[BulkBill], now: datetime, using: str) -> list[int]:
    made = Bill.objects.using(using).bulk_create([
        Bill(payment_code=b.payment_code, kind=b.kind, subject_type=b.subject_type, subject_id=b.subject_id,
             period=b.period, description=b.description[:200], payer_id=b.payer_id, payer_name=b.payer_name[:150],
             regency_code=b.regency_code, total=b.total, status=BillStatus.OPEN, issued_at=now,
             expires_at=b.expires_at) for b in bills])
    BillLine.objects.using(using).bulk_create([
        BillLine(bill=bill, position=position, tax_head=head, label=label[:150], amount=amount, beneficiary_id=owner)
        for bill, b in zip(made, bills, strict=True)
        for position, (head, label, amount, owner) in enumerate(b.lines, start=1)])
    BillEvent.objects.using(using).bulk_create([
        BillEvent(bill=bill, kind="bill.issued", data=_event_data(b), created_at=now)
        for bill, b in zip(made, bills, strict=True)])
    return [bill.pk for bill in made]


# --- COPY ----------------------------------------------------------------------------------------

def _column(field: models.Field) -> str:
    """A concrete field's column name (``Field.column`` is typed ``str | None``: None only for a
    field without a column, which ``concrete_fields`` never holds)."""
    if field.column is None:
        raise ValueError(f"{field} has no column")
    return field.column


def _fill_ins(model: type[models.Model], names: Sequence[str], connection) -> tuple[list[str], tuple]:
    """Columns of the model's fields not in ``names`` and the value each gets (its default)."""
    opts = model._meta
    attnames = {f.attname for f in opts.concrete_fields}
    unknown = [name for name in names if name not in attnames]
    if unknown:
        raise ValueError(f"{model.__name__} has no column for {unknown}")
    columns, values = [], []
    for f in opts.concrete_fields:
        if f.attname in names or f is opts.auto_field or getattr(f, "generated", False):
            continue
        if f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            raise ValueError(f"{model.__name__}.{f.attname} has no default: name it in the COPY")
        if isinstance(f, models.JSONField):
            value = json.dumps(value, cls=f.encoder)
        elif value is not None:
            value = f.get_db_prep_save(value, connection)
        columns.append(_column(f))
        values.append(value)
    return columns, tuple(values)


def copy_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple], *,
              using: str = DEFAULT_DB_ALIAS) -> None:
    """``COPY`` rows into the model's table (PostgreSQL). ``names`` are attnames; each row holds
    their values as the database takes them (JSON as text); other columns get their defaults."""
    connection = connections[using]
    opts, qn = model._meta, connection.ops.quote_name
    by_attname = {f.attname: _column(f) for f in opts.concrete_fields}
    extra_columns, extra = _fill_ins(model, names, connection)
    sql = f"COPY {qn(opts.db_table)} ({', '.join(qn(c) for c in [*(by_attname[n] for n in names), *extra_columns])}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        if extra:
            for row in rows:
                copy.write_row(row + extra)
        else:
            for row in rows:
                copy.write_row(row)


def next_ids(model: type[models.Model], count: int, *, using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """``count`` values of the table's id sequence (PostgreSQL), for rows that others refer to."""
    opts = model._meta
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [opts.db_table, opts.pk.column, count])
        return [row[0] for row in cursor.fetchall()]
