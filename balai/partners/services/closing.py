"""Day closing (setoran) and reconciliation against the bank statement.

``new`` (the agent closed the day: expected amount fixed, the cash moves from the agent's
drawer to the point's "awaiting deposit" account) → ``deposited`` (the agent declared a deposit
of exactly the expected amount) → ``reconciled`` (the bank statement shows it; the money is
settled to the beneficiaries). Any difference — declared or per the bank — is ``discrepancy``
until a supervisor resolves it with a reason; a difference is never accepted silently.

Ledger, per closing with expected E, declared D, bank amount B (see ``ledger``):
close     E: agent cash → point cash
deposit   D: point cash → bank clearing
statement D−B: bank clearing → point cash      (only when the bank shows another amount)
resolve   E−B: point cash → agent receivable | bank clearing | point adjustment
settle    E: bank clearing → each beneficiary (its share of the closing's collections)
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core import audit
from balai.core.formatting import format_rupiah as rupiah
from balai.core.numbers import next_value
from balai.payments.models import Allocation
from balai.payments.states import PaymentStatus

from .. import ledger
from ..models import (
    BankStatement,
    ClosingEvent,
    ClosingStatus,
    Collection,
    DayClosing,
    EntryKind,
    ResolutionKind,
    ServicePoint,
    StatementLine,
    VoidRequest,
    VoidStatus,
)
from .cash import agent_for, last_closed_collection_id
from .common import PartnerError, local_day
from .points import _require_supervisor, in_scope
from .statement_csv import ParsedLine, parse_amount, parse_date, parse_statement  # noqa: F401 (re-exported)

SLIP_MAX_BYTES = getattr(settings, "PARTNERS_SLIP_MAX_BYTES", 5 * 1024 * 1024)
STATEMENT_MAX_BYTES = 2 * 1024 * 1024
# Photo of the deposit slip: what the file *is*, from its first bytes, never its name or type header.
IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def _event(closing: DayClosing, kind: str, *, actor=None, reason: str = "", data: dict | None = None) -> None:
    ClosingEvent.objects.create(closing=closing, kind=kind, actor=actor, reason=reason[:300], data=data or {},
                                created_at=timezone.now())


def _closing_number(point: ServicePoint, when: datetime) -> str:
    year = timezone.localtime(when).year
    return f"STR-{point.code[3:]}-{year}-{next_value(f'partners:closing:{point.pk}:{year}'):05d}"


def closing_preview(agent) -> dict:
    """What closing the day now would fix as expected (also shown before the agent confirms)."""
    after = last_closed_collection_id(agent)
    open_collections = Collection.objects.filter(agent=agent, pk__gt=after)
    totals = open_collections.aggregate(n=Count("id"), s=Sum("amount"))
    voided = open_collections.filter(void__status=VoidStatus.APPROVED).aggregate(n=Count("id"), s=Sum("amount"))
    upto = open_collections.order_by("-pk").values_list("pk", flat=True).first() or after
    amount, voids = int(totals["s"] or 0), int(voided["s"] or 0)
    return {"after": after, "upto": upto, "count": totals["n"], "amount": amount, "voids_count": voided["n"],
            "voids_amount": voids, "expected": amount - voids,
            "pending_voids": VoidRequest.objects.filter(collection__in=open_collections,
                                                        status=VoidStatus.PENDING).count()}


def day_close(*, by: User) -> DayClosing:
    """The agent closes the day: expected = collections since the last closing less approved voids.
    Refused while a void is pending (its outcome changes the amount)."""
    with transaction.atomic():
        agent = agent_for(by)
        point = ServicePoint.objects.select_for_update().get(pk=agent.point_id)
        preview = closing_preview(agent)
        if preview["pending_voids"]:
            raise PartnerError("voids_pending", _("Masih ada pembatalan yang menunggu keputusan supervisor."))
        if preview["count"] == 0:
            raise PartnerError("nothing_to_close", _("Belum ada penerimaan sejak tutup hari terakhir."))
        on_ledger = ledger.cash_on_hand_agent(agent)
        if on_ledger != preview["expected"]:  # the two views of the same cash must agree
            raise PartnerError("ledger_mismatch", _("Saldo kas agen di buku besar tidak sama dengan penerimaan; "
                                                    "hubungi supervisor."), status=500)
        now = timezone.now()
        closing = DayClosing.objects.create(
            number=_closing_number(point, now), point=point, agent=agent, after_collection_id=preview["after"],
            upto_collection_id=preview["upto"], collections_count=preview["count"],
            collections_amount=preview["amount"], voids_count=preview["voids_count"],
            voids_amount=preview["voids_amount"], expected=preview["expected"], closed_at=now,
            status=ClosingStatus.NEW if preview["expected"] > 0 else ClosingStatus.RECONCILED)
        if closing.expected > 0:
            ledger.entry_post(kind=EntryKind.CLOSING, point=point, actor=by, closing=closing, memo=closing.number,
                              moves=[ledger.move(ledger.point_cash(point), ledger.agent_cash(agent), closing.expected)])
        _event(closing, "closing.closed", actor=by, data={k: v for k, v in preview.items() if k != "pending_voids"})
        audit.record(action="partners.day_closed", actor=by, object_type="day_closing", object_id=closing.number,
                     data={"expected": closing.expected, "count": closing.collections_count})
    return closing


def validate_slip(upload: UploadedFile | None) -> str | None:
    """The file extension to store the slip photo under, or ``None`` without a photo."""
    if upload is None:
        return None
    # an uploaded file always has its size (set by Django's upload handlers)
    if cast(int, upload.size) > SLIP_MAX_BYTES:
        raise PartnerError("slip_too_large", _("Foto slip terlalu besar (maks. %(mb)s MB).")
                           % {"mb": SLIP_MAX_BYTES // (1024 * 1024)}, status=400)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, extension in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    raise PartnerError("slip_not_image", _("Foto slip harus berupa gambar JPEG, PNG atau WebP."), status=400)


def deposit_declare(*, closing: DayClosing, by: User, amount: int, bank_reference: str, deposit_date: date,
                    slip: UploadedFile | None = None) -> DayClosing:
    """The agent declares the bank deposit of a closed day. An amount other than expected is
    recorded as it is and the closing becomes ``discrepancy``."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise PartnerError("invalid_amount", _("Jumlah setoran harus bilangan bulat rupiah positif."), status=400)
    reference = re.sub(r"\s+", "", bank_reference or "").upper()
    if not reference or len(reference) > 60:
        raise PartnerError("invalid_reference", _("Nomor referensi/slip bank wajib diisi (maks. 60 karakter)."),
                           status=400)
    if deposit_date > local_day():
        raise PartnerError("invalid_date", _("Tanggal setor tidak boleh di masa depan."), status=400)
    extension = validate_slip(slip)
    agent = agent_for(by)
    try:
        with transaction.atomic():
            point = ServicePoint.objects.select_for_update().get(pk=agent.point_id)
            closing = DayClosing.objects.select_for_update().get(pk=closing.pk)
            if closing.agent_id != agent.pk:
                raise PartnerError("not_found", _("Setoran tidak ditemukan."), status=404)
            if closing.status != ClosingStatus.NEW:
                raise PartnerError("already_declared", _("Setoran ini sudah dicatat."))
            if deposit_date < local_day(closing.closed_at):
                raise PartnerError("invalid_date", _("Tanggal setor tidak boleh sebelum tanggal tutup hari."),
                                   status=400)
            closing.declared_amount, closing.bank_reference, closing.deposit_date = amount, reference, deposit_date
            closing.declared_at = timezone.now()
            closing.status = ClosingStatus.DEPOSITED if amount == closing.expected else ClosingStatus.DISCREPANCY
            if slip is not None and extension is not None:  # validate_slip gives an extension only for a slip
                closing.slip.save(f"{closing.number}.{extension}", slip, save=False)
            closing.save()
            ledger.entry_post(kind=EntryKind.DEPOSIT, point=point, actor=by, closing=closing,
                              memo=f"{closing.number} {reference}",
                              moves=[ledger.move(ledger.bank_clearing(point), ledger.point_cash(point), amount)])
            data = {"declared": amount, "expected": closing.expected, "reference": reference,
                    "date": deposit_date.isoformat(), "slip": bool(extension)}
            _event(closing, f"closing.{closing.status}", actor=by, data=data)
            audit.record(action="partners.deposit_declared", actor=by, object_type="day_closing",
                         object_id=closing.number, data=data)
    except IntegrityError:
        raise PartnerError("reference_used", _("Referensi bank ini sudah dipakai untuk setoran lain.")) from None
    return closing


def _settle(closing: DayClosing, *, point: ServicePoint, by: User) -> None:
    """Move the closing's money from bank clearing to each beneficiary (its share)."""
    collections = Collection.objects.filter(agent=closing.agent, pk__gt=closing.after_collection_id,
                                            pk__lte=closing.upto_collection_id)
    shares: dict[int, int] = defaultdict(int)
    for row in (Allocation.objects.filter(payment__collection__in=collections, payment__status=PaymentStatus.POSTED)
                .values("beneficiary_id").annotate(s=Sum("amount"))):
        shares[row["beneficiary_id"]] += int(row["s"])
    if sum(shares.values()) != closing.expected:
        raise PartnerError("ledger_mismatch", _("Rincian penerima dana tidak sama dengan jumlah setoran."), status=500)
    clearing = ledger.bank_clearing(point)
    ledger.entry_post(kind=EntryKind.SETTLEMENT, point=point, actor=by, closing=closing, memo=closing.number,
                      moves=[ledger.move(ledger.beneficiary_account(b), clearing, s) for b, s in sorted(shares.items())])


# --- bank statement ------------------------------------------------------------------------------

@dataclass
class ImportResult:
    statement: BankStatement
    reconciled: list[DayClosing] = field(default_factory=list)
    discrepancies: list[DayClosing] = field(default_factory=list)
    unmatched: list[StatementLine] = field(default_factory=list)
    missing: list[DayClosing] = field(default_factory=list)


def statement_import(*, by: User, file_name: str, content: bytes) -> ImportResult:
    """Match each statement line to a declared deposit (by bank reference) of a point in the
    supervisor's scope: same amount as expected → reconciled and settled; otherwise discrepancy."""
    _require_supervisor(by)
    if len(content) > STATEMENT_MAX_BYTES:
        raise PartnerError("invalid_file", _("Berkas terlalu besar (maks. 2 MB)."), status=400)
    parsed = parse_statement(content)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        if BankStatement.objects.filter(sha256=digest).exists():
            raise PartnerError("statement_imported", _("Rekening koran ini sudah pernah diimpor."))
        statement = BankStatement.objects.create(file_name=file_name[:200], sha256=digest, imported_at=timezone.now(),
                                                 imported_by=by)
        result = ImportResult(statement=statement)
        for item in parsed:
            line = StatementLine.objects.create(statement=statement, line_no=item.line_no, date=item.date,
                                                reference=item.reference, amount=item.amount)
            closing = _match(line, by)
            if closing is None:
                result.unmatched.append(line)
            elif closing.status == ClosingStatus.RECONCILED:
                result.reconciled.append(closing)
            else:
                result.discrepancies.append(closing)
        latest = max(item.date for item in parsed)
        result.missing = [c for c in DayClosing.objects.select_related("point", "agent__user")
                          .filter(status=ClosingStatus.DEPOSITED, deposit_date__lte=latest)
                          if in_scope(by, c.point)]
        statement.counts = {"lines": len(parsed), "reconciled": len(result.reconciled),
                            "discrepancies": len(result.discrepancies), "unmatched": len(result.unmatched),
                            "missing": len(result.missing)}
        statement.save(update_fields=["counts"])
        audit.record(action="partners.statement_imported", actor=by, object_type="bank_statement",
                     object_id=statement.pk, data={"file": file_name, "sha256": digest, **statement.counts})
    return result


def _match(line: StatementLine, by: User) -> DayClosing | None:
    candidates = DayClosing.objects.filter(Q(status=ClosingStatus.DEPOSITED) | Q(status=ClosingStatus.DISCREPANCY),
                                           bank_reference=line.reference, bank_amount__isnull=True)
    for candidate in candidates.select_related("point"):
        if not in_scope(by, candidate.point):
            continue
        point = ServicePoint.objects.select_for_update().get(pk=candidate.point_id)
        closing = DayClosing.objects.select_for_update().get(pk=candidate.pk)
        closing.bank_amount, closing.reconciled_by = line.amount, by
        line.closing = closing
        line.save(update_fields=["closing"])
        if line.amount != closing.declared_amount:
            # only deposit_declare gives a closing the statuses matched here, and it sets the amount
            declared = cast(int, closing.declared_amount)
            ledger.entry_post(kind=EntryKind.STATEMENT, point=point, actor=by, closing=closing,
                              memo=f"{closing.number} bank {line.amount}",
                              moves=[ledger.move(ledger.point_cash(point), ledger.bank_clearing(point),
                                                 declared - line.amount)])
        if line.amount == closing.expected and closing.declared_amount == closing.expected:
            closing.status, closing.reconciled_at = ClosingStatus.RECONCILED, timezone.now()
            _settle(closing, point=point, by=by)
        else:
            closing.status = ClosingStatus.DISCREPANCY
        closing.save(update_fields=["bank_amount", "reconciled_by", "status", "reconciled_at"])
        _event(closing, f"closing.statement_{closing.status}", actor=by,
               data={"bank_amount": line.amount, "declared": closing.declared_amount, "expected": closing.expected,
                     "statement_line": line.pk})
        return closing
    return None


def closing_resolve(*, closing: DayClosing, by: User, kind: str, note: str) -> DayClosing:
    """Resolve a discrepancy with a reason; the difference is booked to the account the reason names
    and the closing's money is settled to the beneficiaries."""
    _require_supervisor(by)
    if kind not in ResolutionKind.values:
        raise PartnerError("invalid_kind", _("Pilih jenis penyelesaian."), status=400)
    if not note.strip():
        raise PartnerError("reason_required", _("Catatan penyelesaian wajib diisi."), status=400)
    with transaction.atomic():
        point = ServicePoint.objects.select_for_update().get(pk=closing.point_id)
        closing = DayClosing.objects.select_for_update().select_related("agent__user").get(pk=closing.pk)
        if not in_scope(by, point):
            raise PartnerError("not_found", _("Setoran tidak ditemukan."), status=404)
        if closing.status != ClosingStatus.DISCREPANCY:
            raise PartnerError("not_discrepancy", _("Setoran ini tidak berstatus selisih."))
        shortage = -(closing.difference or 0)  # > 0: less money than expected
        if kind == ResolutionKind.AGENT_SHORTAGE and shortage <= 0:
            raise PartnerError("not_a_shortage", _("Tidak ada kekurangan yang dapat dibebankan ke agen."), status=400)
        counter = {ResolutionKind.AGENT_SHORTAGE: ledger.agent_receivable(closing.agent),
                   ResolutionKind.BANK_ERROR: ledger.bank_clearing(point),
                   ResolutionKind.POINT_ABSORBS: ledger.point_adjustment(point)}[ResolutionKind(kind)]
        if shortage:
            ledger.entry_post(kind=EntryKind.RESOLUTION, point=point, actor=by, closing=closing,
                              memo=f"{closing.number} {kind}: {note}",
                              moves=[ledger.move(counter, ledger.point_cash(point), shortage)])
        _settle(closing, point=point, by=by)
        closing.status, closing.reconciled_at, closing.reconciled_by = ClosingStatus.RECONCILED, timezone.now(), by
        closing.resolution_kind, closing.resolution_note = kind, note.strip()[:300]
        closing.save(update_fields=["status", "reconciled_at", "reconciled_by", "resolution_kind", "resolution_note"])
        data = {"kind": kind, "difference": closing.difference, "shortage": shortage}
        _event(closing, "closing.resolved", actor=by, reason=note, data=data)
        audit.record(action="partners.discrepancy_resolved", actor=by, object_type="day_closing",
                     object_id=closing.number, data={**data, "note": note, "amount": rupiah(abs(shortage))})
    return closing
