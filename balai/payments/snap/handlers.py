"""The three VA services a bank calls: inquiry (24), payment flag (25) and status (26).

The payment flag runs in one transaction, like ``webhooks.py``: one round trip claims the
``X-EXTERNAL-ID``, claims the ``paymentRequestId`` (``INSERT … ON CONFLICT DO NOTHING``: a
concurrent duplicate waits for the first and then finds its stored answer) and takes the bill's
row lock with the posting's reads (``services.PostingReads``) and the lines' beneficiaries. Inside the lock: unknown, paid,
expired or wrong amount is refused — the bank then debits nobody, so nothing needs refunding —
otherwise ``services.payment_post`` posts, and the answer is stored with the posting's writes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from balai.core.batch import Batch, update
from balai.core.masking import mask_name
from balai.core.text import is_bad_character

from ..models import Beneficiary, Bill, BillLine, PaymentAttempt
from ..services import PaymentError, PostingReads, PostingResult, payment_post
from ..states import BillStatus
from . import codes, crypto
from .models import SnapPaymentFlag
from .protocol import Call, SnapRefusal, claim_external_id

AMOUNT = re.compile(r"(\d{1,16})\.(\d{2})")
Answer = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class VA:
    partner_service_id: str  # as sent (8 characters, left-padded with spaces)
    customer_no: str  # = Balai's payment code

    @property
    def number(self) -> str:
        return self.partner_service_id + self.customer_no

    def echo(self) -> dict[str, str]:
        return {"partnerServiceId": self.partner_service_id, "customerNo": self.customer_no,
                "virtualAccountNo": self.number}


def money(amount: int) -> dict[str, str]:
    return {"value": f"{amount}.00", "currency": "IDR"}


def _text(data: dict[str, Any], name: str, max_length: int, *, required: bool = True) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise SnapRefusal("missing_field", name)
        return ""
    # A control character (NUL above all: PostgreSQL text and jsonb cannot hold it), a lone surrogate
    # or a noncharacter is no SNAP field: refused as invalid before it reaches a query or an answer.
    if not isinstance(value, str) or len(value) > max_length or any(map(is_bad_character, value)):
        raise SnapRefusal("invalid_field", name)
    return value


def parse_va(call: Call) -> VA:
    psid = _text(call.data, "partnerServiceId", 8)
    customer = _text(call.data, "customerNo", 20).strip()
    if not (customer.isascii() and customer.isdigit()):  # "١٢٣" is digits to Python, not a payment code
        raise SnapRefusal("invalid_field", "customerNo")
    number = _text(call.data, "virtualAccountNo", 28, required=False)
    if number and number.replace(" ", "") != (psid + customer).replace(" ", ""):
        raise SnapRefusal("invalid_field", "virtualAccountNo")
    if psid.strip() != call.partner.partner_service_id.strip():
        raise SnapRefusal("bill_not_found")  # a VA under another bank's company code
    return VA(partner_service_id=psid, customer_no=customer)


def parse_amount(data: dict[str, Any], name: str) -> int:
    """``{"value": "150000.00", "currency": "IDR"}`` → 150000. Rupiah have no cents: "10.50" is an
    invalid amount, not a rounding."""
    value = data.get(name)
    if not isinstance(value, dict) or "value" not in value:
        raise SnapRefusal("missing_field", f"{name}.value")
    match = AMOUNT.fullmatch(value["value"]) if isinstance(value["value"], str) else None
    if match is None or value.get("currency") != "IDR":
        raise SnapRefusal("invalid_field", name)
    if match[2] != "00":
        raise SnapRefusal("invalid_amount")
    return int(match[1])


def lines_info(lines: list[BillLine], owners: dict[int, Beneficiary] | None = None) -> list[dict[str, Any]]:
    """The split by beneficiary (REFERENCE §4.5) for the bank, in ``additionalInfo`` (``owners``:
    the lines' beneficiaries by id when the caller read them already)."""
    if owners is None:
        owners = {b.pk: b for b in Beneficiary.objects.filter(pk__in={line.beneficiary_id for line in lines})}
    out = []
    for line in lines:
        owner = owners[line.beneficiary_id]
        out.append({"position": line.position, "taxHead": line.tax_head, "label": line.label,
                    "amount": money(line.amount),
                    "beneficiary": {"code": owner.code, "name": owner.name, "bankName": owner.bank_name,
                                    "accountNumber": owner.account_number}})
    return out


def _refusal(service: str, case: str, detail: str = "") -> Answer:
    return codes.answer(service, case, detail)


def _bill_case(bill: Bill | None) -> str:
    if bill is None:
        return "bill_not_found"
    if bill.status == BillStatus.PAID:
        return "bill_paid"
    if bill.status != BillStatus.OPEN or bill.expires_at <= timezone.now():
        return "bill_expired"
    return ""


def inquiry(call: Call) -> Answer:
    va = parse_va(call)
    request_id = _text(call.data, "inquiryRequestId", 128)
    with transaction.atomic():
        claimed = Batch()
        i_ext = claimed.add(*claim_external_id(call))
        if not claimed.run()[i_ext]:
            return _refusal(codes.VA_INQUIRY, "duplicate_external_id")
    bill = Bill.objects.filter(payment_code=va.customer_no).first()
    case = _bill_case(bill)
    if case:
        return _refusal(codes.VA_INQUIRY, case)
    assert bill is not None
    lines = list(BillLine.objects.filter(bill=bill).order_by("position"))
    status, head = codes.answer(codes.VA_INQUIRY, "success")
    return status, {**head, "virtualAccountData": {
        "inquiryStatus": "00", "inquiryReason": {"english": "Success", "indonesia": "Sukses"},
        **va.echo(), "virtualAccountName": mask_name(bill.payer_name)[:255], "inquiryRequestId": request_id,
        "virtualAccountTrxType": "C", "totalAmount": money(bill.total),
        "billDetails": [{"billNo": bill.payment_code, "billDescription": {"english": bill.description,
                                                                          "indonesia": bill.description},
                         "billAmount": money(bill.total)}]},
        "additionalInfo": {"billReference": bill.payment_code, "expiresAt": bill.expires_at.isoformat(),
                           "lines": lines_info(lines)}}


def _request_hash(va: VA, amount: int) -> str:
    return hashlib.sha256(f"{va.number.replace(' ', '')}|{amount}".encode()).hexdigest()


def payment(call: Call) -> Answer:
    va = parse_va(call)
    request_id = _text(call.data, "paymentRequestId", 128)
    amount = parse_amount(call.data, "paidAmount")
    trx = _text(call.data, "trxDateTime", 30, required=False)
    paid_at = crypto.parse_timestamp(trx) if trx else None
    if trx and paid_at is None:
        raise SnapRefusal("invalid_field", "trxDateTime")
    for tries in (1, 2):
        try:
            return _flag(call, va, request_id, amount, paid_at)
        except _Rollback as refused:  # nothing of this call may stay (a replayed external id)
            return refused.answer
        except IntegrityError:
            # The one race payment_post leaves to its caller (savepoint=False): the same reference
            # for another bill at the same instant. All rolled back; the retry finds it in the lock.
            if tries == 2:
                raise
    raise AssertionError("unreachable")


def _flag(call: Call, va: VA, request_id: str, amount: int, paid_at) -> Answer:
    partner, now = call.partner, timezone.now()
    with transaction.atomic():
        gate = Batch()
        i_ext = gate.add(*claim_external_id(call))
        i_flag = gate.add(
            "INSERT INTO payments_snappaymentflag (partner_id, payment_request_id, request_hash, payment_code, "
            "received_at, http_status, response) VALUES (%s, %s, %s, %s, %s, 0, '{}') "
            "ON CONFLICT (partner_id, payment_request_id) DO NOTHING RETURNING id",
            [partner.pk, request_id, _request_hash(va, amount), va.customer_no,
             connection.ops.adapt_datetimefield_value(now)])
        i_attempt = gate.add(
            "SELECT a.id, a.status FROM payments_paymentattempt a JOIN payments_bill b ON b.id = a.bill_id "
            "WHERE b.payment_code = %s AND a.gateway = 'snap' AND a.status = 'pending' ORDER BY a.id DESC LIMIT 1",
            [va.customer_no])
        reads = PostingReads(gate, payment_code=va.customer_no, channel=partner.channel, external_ref=request_id)
        i_owners = gate.add_select(  # the lines' beneficiaries for the answer, in the same round trip
            Beneficiary, f"id IN (SELECT beneficiary_id FROM {BillLine._meta.db_table} WHERE bill_id = "  # noqa: S608
                         f"(SELECT id FROM {Bill._meta.db_table} WHERE payment_code = %s))", [va.customer_no])
        rows = gate.run()
        reads.received(rows)
        if not rows[i_ext]:
            raise _Rollback(_refusal(codes.VA_PAYMENT, "duplicate_external_id"))
        if not rows[i_flag]:
            # A retry of a flag seen before (its transaction has committed: the insert waited).
            stored = SnapPaymentFlag.objects.get(partner=partner, payment_request_id=request_id)
            if stored.request_hash != _request_hash(va, amount):
                return _refusal(codes.VA_PAYMENT, "inconsistent")
            return stored.http_status, stored.response
        flag_id = rows[i_flag][0][0]
        bill = reads.bill()
        case = _bill_case(bill) or ("invalid_amount" if bill and amount != bill.total else "")
        if case:
            answer = _refusal(codes.VA_PAYMENT, case)
            _store(flag_id, answer)
            return answer
        attempt = None
        if rows[i_attempt]:
            attempt = PaymentAttempt(pk=rows[i_attempt][0][0], status=rows[i_attempt][0][1], gateway="snap")
            attempt._state.adding, attempt._state.db = False, gate.using
        owners = cast(list[Beneficiary], gate.objects(rows, i_owners))
        lines = lines_info(reads.lines(), {b.pk: b for b in owners})
        built: list[Answer] = []

        def also(result: PostingResult) -> list:
            built.append(_paid_answer(va, request_id, result, lines))
            return [update(SnapPaymentFlag, flag_id, {"http_status": built[0][0], "response": built[0][1]})]

        try:
            result = payment_post(payment_code=va.customer_no, channel=partner.channel, external_ref=request_id,
                                  amount=amount, paid_at=paid_at or now, attempt=attempt, source="snap",
                                  savepoint=False, also=also, reads=reads)
        except PaymentError:
            answer = _refusal(codes.VA_PAYMENT, "general_error")
            _store(flag_id, answer)
            return answer
        if not result.also_done:  # not a new posting: cannot happen inside the lock, but answer truly
            answer = _refusal(codes.VA_PAYMENT, "bill_paid")
            _store(flag_id, answer)
            return answer
        return built[0]


class _Rollback(Exception):
    def __init__(self, answer: Answer):
        super().__init__(answer)
        self.answer = answer


def _store(flag_id: int, answer: Answer) -> None:
    SnapPaymentFlag.objects.filter(pk=flag_id).update(http_status=answer[0], response=answer[1])


def _paid_answer(va: VA, request_id: str, result: PostingResult, lines: list[dict[str, Any]]) -> Answer:
    status, head = codes.answer(codes.VA_PAYMENT, "success")
    payment, bill = result.payment, result.bill
    return status, {**head, "virtualAccountData": {
        "paymentFlagStatus": "00", "paymentFlagReason": {"english": "Success", "indonesia": "Sukses"},
        **va.echo(), "virtualAccountName": mask_name(bill.payer_name)[:255], "paymentRequestId": request_id,
        "paidAmount": money(payment.amount), "totalAmount": money(bill.total),
        "trxDateTime": timezone.localtime(payment.paid_at).isoformat(timespec="seconds"),
        "referenceNo": payment.receipt_number or ""},
        "additionalInfo": {"receiptNumber": payment.receipt_number or "", "billReference": bill.payment_code,
                           "lines": lines}}


def status(call: Call) -> Answer:
    va = parse_va(call)
    request_id = _text(call.data, "paymentRequestId", 128)
    with transaction.atomic():
        claimed = Batch()
        i_ext = claimed.add(*claim_external_id(call))
        if not claimed.run()[i_ext]:
            return _refusal(codes.VA_STATUS, "duplicate_external_id")
    flag = SnapPaymentFlag.objects.filter(partner=call.partner, payment_request_id=request_id,
                                          payment_code=va.customer_no).first()
    if flag is None:
        return _refusal(codes.VA_STATUS, "transaction_not_found")
    original = flag.response.get("responseCode", "")
    paid = original == codes.response_code(codes.VA_PAYMENT, "success")
    data = flag.response.get("virtualAccountData", {})
    http, head = codes.answer(codes.VA_STATUS, "success")
    return http, {**head, "virtualAccountData": {
        **va.echo(), "paymentRequestId": request_id,
        "paymentFlagStatus": "00" if paid else "01",
        "paymentFlagReason": {"english": "Success" if paid else flag.response.get("responseMessage", ""),
                              "indonesia": "Sukses" if paid else "Gagal"},
        **({"paidAmount": data["paidAmount"], "trxDateTime": data["trxDateTime"],
            "referenceNo": data["referenceNo"]} if paid else {})},
        "additionalInfo": {"paymentResponseCode": original}}
