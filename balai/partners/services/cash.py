"""Cash collection at a service point, and same-day voids.

Locking order, everywhere in this app: the service point row (it stands for the point's cash
accounts), then the bill (``payments`` locks it again in ``payment_post``/``payment_reverse``).
Collections at one point are therefore serialized: the cash-limit check and the ledger entry
happen under the same lock, so two racing collections can never take the point over its limit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Role, User
from balai.core import audit
from balai.core.formatting import format_rupiah as rupiah
from balai.core.text import text_or_raise
from balai.documents.models import Document
from balai.documents.services import document_revoke
from balai.payments.models import Allocation, Bill, Payment
from balai.payments.services import PaymentError, payment_post, payment_reverse
from balai.payments.states import BillStatus, PaymentStatus

from .. import ledger
from ..models import (
    Agent,
    Collection,
    DayClosing,
    EntryKind,
    PointStatus,
    ServicePoint,
    VoidRequest,
    VoidStatus,
)
from .common import PartnerError, local_day
from .points import in_scope

CHANNEL = "agent_cash"


@dataclass(frozen=True)
class CollectionResult:
    collection: Collection
    replayed: bool  # True: this answer is an earlier collection (a retry, or a second device)


def agent_for(user: User) -> Agent:
    agent = Agent.objects.select_related("point", "user").filter(user=user).first()
    if agent is None:
        raise PartnerError("not_an_agent", _("Akun ini tidak terikat pada titik layanan."), status=403)
    return agent


def _where_paid(payment: Payment) -> str:
    collection = Collection.objects.select_related("point").filter(payment=payment).first()
    if collection is not None:
        return _("tunai di %(point)s") % {"point": collection.point.name}
    return _("kanal %(channel)s") % {"channel": payment.channel}


def _refuse_unpayable(bill: Bill) -> None:
    if bill.status == BillStatus.PAID:
        payment = Payment.objects.filter(bill=bill, status=PaymentStatus.POSTED).first()
        when = timezone.localtime(payment.paid_at) if payment else timezone.localtime(bill.closed_at)
        where = _where_paid(payment) if payment else "—"
        raise PartnerError("already_paid",
                           _("Tagihan ini sudah lunas pada %(when)s melalui %(where)s. Jangan terima uang.")
                           % {"when": when.strftime("%d-%m-%Y %H:%M"), "where": where},
                           data={"paid_at": when.isoformat(), "where": where,
                                 "receipt_number": payment.receipt_number if payment else None})
    if bill.status != BillStatus.OPEN or bill.expires_at <= timezone.now():
        raise PartnerError("bill_not_open", _("Tagihan ini tidak dapat dibayar lagi (kedaluwarsa atau "
                                              "dibatalkan). Minta wajib pajak membuat tagihan baru."))


def cash_limit_refusal(point: ServicePoint, amount: int, *, on_hand: int | None = None) -> PartnerError | None:
    """Would taking ``amount`` in cash break the point's cash limit (``ServicePoint.cash_limit``: the
    cash on hand at the point, every agent's open shift plus closed days not banked yet, is capped)?
    Two different situations, two different pieces of advice:
    - the bill alone is above the limit: no deposit can make room, so the payer goes to a bank or
      another channel, or the supervisor raises the limit;
    - the bill fits the limit but not beside the cash already held: banking that cash makes room."""
    if amount > point.cash_limit:
        return PartnerError("bill_over_cash_limit",
                            _("Tagihan ini (%(total)s) melebihi batas tunai titik layanan (%(limit)s). Arahkan wajib "
                              "pajak membayar lewat bank atau kanal lain, atau minta supervisor menaikkan batas.")
                            % {"total": rupiah(amount), "limit": rupiah(point.cash_limit)},
                            data={"cash_limit": point.cash_limit, "amount": amount})
    on_hand = ledger.cash_on_hand_point(point) if on_hand is None else on_hand
    if on_hand + amount > point.cash_limit:
        return PartnerError("cash_limit",
                            _("Uang tunai di titik layanan (%(on_hand)s) ditambah tagihan ini (%(total)s) melebihi "
                              "batas %(limit)s. Setorkan dulu paling sedikit %(needed)s ke bank (tutup hari, lalu "
                              "catat setorannya), atau arahkan wajib pajak membayar lewat bank atau kanal lain.")
                            % {"on_hand": rupiah(on_hand), "total": rupiah(amount), "limit": rupiah(point.cash_limit),
                               "needed": rupiah(on_hand + amount - point.cash_limit)},
                            data={"cash_on_hand": on_hand, "cash_limit": point.cash_limit, "amount": amount})
    return None


def collection_refusal(*, agent: Agent, bill: Bill) -> PartnerError | None:
    """Why this agent may not take cash for this bill now, checked when the bill is shown (before
    any money changes hands); ``collection_record`` checks the same again under the point lock."""
    if agent.point.status != PointStatus.ACTIVE:
        return PartnerError("point_suspended", _("Titik layanan ini sedang dibekukan: tidak boleh menerima uang."))
    if agent.status != PointStatus.ACTIVE:
        return PartnerError("agent_suspended", _("Akun agen Anda sedang dibekukan: tidak boleh menerima uang."))
    try:
        _refuse_unpayable(bill)
    except PartnerError as exc:
        return exc
    return cash_limit_refusal(agent.point, bill.total)


def collection_record(*, agent_user: User, payment_code: str, idempotency_key: str) -> CollectionResult:
    """Take cash for a bill: post it through ``payments`` (channel ``agent_cash``), add it to the
    agent's cash on hand and return the collection whose receipt is printed.

    Exactly once: the same ``idempotency_key`` of the agent, or the same bill again at the same
    point (a second device, a double tap), returns the earlier collection with ``replayed=True``.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255:
        raise PartnerError("idempotency_key_required", _("Kunci idempotensi perangkat wajib diisi (maks. 255)."),
                           status=400)
    code = (payment_code or "").strip().replace(" ", "")
    with transaction.atomic():
        agent = agent_for(agent_user)
        point = ServicePoint.objects.select_for_update().get(pk=agent.point_id)
        same_key = Collection.objects.select_related("bill").filter(agent=agent, idempotency_key=key).first()
        if same_key is not None:
            if same_key.bill.payment_code != code:
                raise PartnerError("idempotency_key_reused",
                                   _("Kunci idempotensi ini sudah dipakai untuk tagihan lain."), status=422)
            return CollectionResult(same_key, replayed=True)
        if point.status != PointStatus.ACTIVE:
            raise PartnerError("point_suspended", _("Titik layanan ini sedang dibekukan: tidak boleh menerima uang."))
        if agent.status != PointStatus.ACTIVE:
            raise PartnerError("agent_suspended", _("Akun agen Anda sedang dibekukan: tidak boleh menerima uang."))
        bill = Bill.objects.select_for_update().filter(payment_code=code).first()
        if bill is None:
            raise PartnerError("unknown_bill", _("Kode bayar tidak ditemukan."), status=404)
        earlier = (Collection.objects.filter(bill=bill, point=point, payment__status=PaymentStatus.POSTED)
                   .select_related("bill").first())
        if earlier is not None:
            return CollectionResult(earlier, replayed=True)
        _refuse_unpayable(bill)
        over_limit = cash_limit_refusal(point, bill.total)  # under the point lock: no race past the limit
        if over_limit is not None:
            raise over_limit
        reference = f"opop:{agent.pk}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"
        try:
            result = payment_post(payment_code=code, channel=CHANNEL, external_ref=reference, amount=bill.total,
                                  by=agent_user, source="partners")
        except PaymentError as exc:
            raise PartnerError(exc.code, exc.message) from exc
        if result.outcome != PaymentStatus.POSTED:  # unreachable under our lock; never keep the cash silently
            raise PartnerError("not_posted", _("Pembayaran tidak dapat dibukukan (%(r)s).") % {"r": result.outcome})
        now = timezone.now()
        collection = Collection.objects.create(
            point=point, agent=agent, bill=bill, payment=result.payment, amount=bill.total,
            commission=point.commission_for(bill.total), idempotency_key=key, collected_at=now)
        cash = ledger.agent_cash(agent)
        allocations = Allocation.objects.filter(payment=result.payment).order_by("id")
        ledger.entry_post(kind=EntryKind.COLLECTION, point=point, actor=agent_user, collection=collection,
                          memo=f"{bill.payment_code} {result.payment.receipt_number}",
                          moves=[ledger.move(cash, ledger.beneficiary_account(a.beneficiary_id), a.amount)
                                 for a in allocations])
        audit.record(action="partners.collected", actor=agent_user, object_type="service_point",
                     object_id=point.code, data={"bill": bill.payment_code, "amount": bill.total,
                                                 "receipt_number": result.payment.receipt_number,
                                                 "collection": collection.pk})
    return CollectionResult(collection, replayed=False)


def last_closed_collection_id(agent: Agent) -> int:
    return DayClosing.objects.filter(agent=agent).aggregate(m=Max("upto_collection_id"))["m"] or 0


@transaction.atomic
def void_request(*, collection: Collection, by: User, reason: str) -> VoidRequest:
    """The agent asks to void a collection of today that is not in a closed day yet."""
    agent = agent_for(by)
    if collection.point_id != agent.point_id:
        raise PartnerError("not_found", _("Penerimaan tidak ditemukan."), status=404)
    reason = text_or_raise(reason, lambda code, message: PartnerError(code, message, status=400))
    if not reason.strip():
        raise PartnerError("reason_required", _("Alasan pembatalan wajib diisi."), status=400)
    _check_voidable(collection)
    if VoidRequest.objects.filter(collection=collection).exists():
        raise PartnerError("void_exists", _("Pembatalan untuk penerimaan ini sudah diajukan."))
    void = VoidRequest.objects.create(collection=collection, reason=reason.strip()[:300], requested_by=by,
                                      requested_at=timezone.now())
    audit.record(action="partners.void_requested", actor=by, object_type="service_point",
                 object_id=collection.point.code, data={"collection": collection.pk, "reason": reason})
    return void


def _check_voidable(collection: Collection) -> None:
    if local_day(collection.collected_at) != local_day():
        raise PartnerError("void_too_late", _("Pembatalan hanya boleh pada hari yang sama dengan penerimaan."))
    if collection.pk <= last_closed_collection_id(collection.agent):
        raise PartnerError("already_closed", _("Penerimaan ini sudah masuk setoran yang ditutup."))


def void_decide(*, void: VoidRequest, by: User, approve: bool, note: str) -> VoidRequest:
    """A supervisor approves (the payment is reversed, the bill reopens, the cash goes back to the
    payer) or rejects a void, with a note either way."""
    if by is None or by.role != Role.SUPERVISOR:  # dual control: the supervising Samsat decides
        raise PartnerError("permission_denied", _("Hanya supervisor yang boleh memutuskan pembatalan."), status=403)
    note = text_or_raise(note, lambda code, message: PartnerError(code, message, status=400))
    if not note.strip():
        raise PartnerError("reason_required", _("Catatan keputusan wajib diisi."), status=400)
    with transaction.atomic():
        point = ServicePoint.objects.select_for_update().get(pk=void.collection.point_id)
        if not in_scope(by, point):
            raise PartnerError("not_found", _("Permintaan tidak ditemukan."), status=404)
        void = VoidRequest.objects.select_for_update().select_related("collection__agent__user",
                                                                      "collection__payment").get(pk=void.pk)
        if void.status != VoidStatus.PENDING:
            raise PartnerError("already_decided", _("Permintaan ini sudah diputuskan."))
        collection = void.collection
        if approve:
            _check_voidable(collection)
            try:
                payment_reverse(payment=collection.payment, by=by, reason=f"void: {note}", source="partners")
            except PaymentError as exc:
                raise PartnerError(exc.code, exc.message) from exc
            cash = ledger.agent_cash(collection.agent)
            ledger.entry_post(kind=EntryKind.VOID, point=point, actor=by, collection=collection, memo=note,
                              moves=[ledger.move(ledger.beneficiary_account(a.beneficiary_id), cash, a.amount)
                                     for a in Allocation.objects.filter(payment=collection.payment).order_by("id")])
            _revoke_receipt(collection, by=by, reason=note)
        void.status = VoidStatus.APPROVED if approve else VoidStatus.REJECTED
        void.decided_by, void.decided_at, void.decision_note = by, timezone.now(), note.strip()[:300]
        void.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record(action=f"partners.void_{void.status}", actor=by, object_type="service_point",
                     object_id=point.code, data={"collection": collection.pk, "note": note})
    return void


def _revoke_receipt(collection: Collection, *, by: User, reason: str) -> None:
    """The receipt of a voided payment must not verify as valid any more."""
    receipt = getattr(collection.payment, "receipt", None)
    if receipt is None:
        return
    document = Document.objects.filter(pk=receipt.document_id).first()
    if document is not None and document.status == "valid":
        document_revoke(document=document, by=by, reason=f"Pembatalan penerimaan tunai: {reason}"[:2000])
