"""SNAP conformance: every documented case answered with its code, signatures computed in the
test from the standard's string-to-sign (helpers.py), money posted exactly once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from balai.payments.models import Allocation, Bill, Payment
from balai.payments.services import LineSpec, bill_issue
from balai.payments.snap import codes
from balai.payments.snap.models import SnapPaymentFlag
from balai.payments.states import BillStatus, PaymentStatus

from .helpers import INQUIRY_URL, PAYMENT_URL, TOKEN_URL, TestBank, later, rsa_sign, stamp

pytestmark = pytest.mark.django_db

PKB_LINES = [("pkb", "PKB pokok", 135_542), ("opsen_pkb", "Opsen PKB", 89_458), ("swdkllj", "SWDKLLJ", 35_000)]


def make_bill(**kwargs):
    return bill_issue(kind="test", subject_type="test", subject_id="1", payer_name="Siti Aminah",
                      description="Tagihan uji", regency_code="3578",
                      lines=[LineSpec(tax_head=h, label=label, amount=a) for h, label, a in PKB_LINES], **kwargs)


def code_of(response) -> str:
    return response.json()["responseCode"]


# --- access token -------------------------------------------------------------------------------

def test_token_for_a_correctly_signed_request(bank):
    response = bank.get_token()
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["responseCode"] == "2007300" and data["tokenType"] == "Bearer" and data["expiresIn"] == "900"
    assert data["accessToken"] and response["X-TIMESTAMP"]


def test_token_refused_for_a_bad_signature_an_unknown_client_and_a_stale_timestamp(bank):
    other_key = TestBank.register(code="lain", partner_service_id="77002").key
    ts = stamp()
    assert code_of(bank.get_token(signature=rsa_sign(other_key, bank.partner.client_key, ts), timestamp=ts)) == "4017300"
    assert code_of(bank.get_token(signature="bm90IGEgc2lnbmF0dXJl")) == "4017300"
    assert code_of(bank.get_token(client_key="CK-nobody")) == "4017300"
    response = bank.get_token(timestamp=later(-600))
    assert response.status_code == 401 and response.json()["responseMessage"] == "Unauthorized [Timestamp]"
    # signed over one timestamp, sent with another
    assert code_of(bank.get_token(signature=rsa_sign(bank.key, bank.partner.client_key, ts), timestamp=later(1))) \
        == "4017300"


def test_token_wants_client_credentials(bank):
    assert code_of(bank.get_token(body={"grantType": "password"})) == "4007301"
    assert code_of(bank.get_token(body={})) == "4007302"


def test_token_of_an_inactive_bank_is_refused(bank):
    bank.partner.active = False
    bank.partner.save()
    assert bank.get_token().status_code == 401


# --- transaction calls: the envelope -----------------------------------------------------------

def test_inquiry_answers_the_bill_with_its_split(bank):
    bill = make_bill()
    response = bank.inquiry(bill)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["responseCode"] == "2002400"
    va = data["virtualAccountData"]
    assert va["virtualAccountNo"] == "   77001" + bill.payment_code
    assert va["totalAmount"] == {"value": "260000.00", "currency": "IDR"}
    assert va["virtualAccountName"] == "S*** A*****"  # masked: anyone can type a VA number
    lines = data["additionalInfo"]["lines"]
    assert [(line["taxHead"], line["amount"]["value"]) for line in lines] == [
        ("pkb", "135542.00"), ("opsen_pkb", "89458.00"), ("swdkllj", "35000.00")]
    assert lines[1]["beneficiary"]["name"] == "RKUD Kota Surabaya"
    assert all("accountNumber" in line["beneficiary"] and line["beneficiary"]["code"] for line in lines)


def test_bad_signature_is_unauthorised(bank):
    bill = make_bill()
    assert code_of(bank.inquiry(bill, secret="not-the-secret")) == "4012400"
    assert code_of(bank.pay(bill, secret="not-the-secret")) == "4012500"
    assert code_of(bank.pay(bill, signature="")) == "4002502"
    assert not Payment.objects.exists()


def test_the_body_is_signed_minified_so_whitespace_does_not_matter_but_content_does(bank):
    bill = make_bill()
    payload = {**bank.va(bill), "inquiryRequestId": "r1"}
    assert code_of(bank.inquiry(bill, pretty=True)) == "2002400"
    assert code_of(bank.call(INQUIRY_URL, payload, pretty=False)) == "2002400"
    # signed for one customerNo, sent with another
    signed_for = json.dumps(payload, separators=(",", ":"))
    last = "1" if bill.payment_code[-1] == "0" else "0"  # a different digit, whatever the code ends in
    tampered = signed_for.replace(bill.payment_code, bill.payment_code[:-1] + last)
    assert tampered != signed_for
    from .helpers import hmac_sign
    ts = stamp()
    assert bank.get_token().status_code == 200
    sig = hmac_sign(bank.secret, "POST", INQUIRY_URL, bank.token, signed_for, ts)
    assert code_of(bank.call(INQUIRY_URL, tampered, timestamp=ts, signature=sig)) == "4012400"


def test_expired_forged_or_missing_token_is_refused(bank):
    bill = make_bill()
    expired = signing.dumps({"p": bank.partner.pk}, salt="balai.payments.snap.token")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("balai.payments.snap.conf.token_ttl", lambda: -1)
        assert code_of(bank.inquiry(bill, token=expired)) == "4012401"
    assert code_of(bank.inquiry(bill, token=expired + "x")) == "4012401"
    assert code_of(bank.inquiry(bill, token="")) == "4012401"


def test_wrong_partner_or_channel_is_refused(bank):
    bill = make_bill()
    other = TestBank.register(code="lain", partner_service_id="77002")
    assert code_of(bank.inquiry(bill, partner_id=other.partner.partner_id)) == "4012400"
    assert code_of(bank.inquiry(bill, channel="00000")) == "4012400"
    # the other bank's token with this bank's partner id
    assert other.get_token().status_code == 200
    assert code_of(bank.inquiry(bill, token=other.token)) == "4012400"
    # a VA under the other bank's company code
    payload = {**other.va(bill), "inquiryRequestId": "r1"}
    assert code_of(bank.call(INQUIRY_URL, payload)) == "4042412"


def test_service_not_allowed_for_the_bank():
    bank = TestBank.register(code="inq", partner_service_id="77003", services="24")
    bill = make_bill()
    assert code_of(bank.inquiry(bill)) == "2002400"
    assert code_of(bank.pay(bill)) == "4032501"


def test_timestamp_outside_the_tolerance_is_refused(bank):
    bill = make_bill()
    assert code_of(bank.inquiry(bill, timestamp=later(-301))) == "4012400"
    assert code_of(bank.pay(bill, timestamp=later(+400))) == "4012500"
    assert code_of(bank.inquiry(bill, timestamp=later(-200))) == "2002400"
    assert code_of(bank.inquiry(bill, timestamp="yesterday")) == "4002401"


def test_duplicate_external_id_is_a_conflict(bank):
    bill = make_bill()
    assert code_of(bank.inquiry(bill, external_id="1001")) == "2002400"
    assert code_of(bank.inquiry(bill, external_id="1001")) == "4092400"
    assert code_of(bank.pay(bill, external_id="1001")) == "4092500"
    assert not Payment.objects.exists() and not SnapPaymentFlag.objects.exists()
    # another bank may use the same number
    other = TestBank.register(code="lain", partner_service_id="77002")
    payload = {**other.va(bill), "inquiryRequestId": "r1"}
    assert code_of(other.call(INQUIRY_URL, payload, external_id="1001")) == "2002400"


@pytest.mark.parametrize("body, expected", [
    ("{not-json", "4002500"),
    ("[1,2]", "4002500"),
    ('{"customerNo":"1"}', "4002502"),
])
def test_malformed_body_is_a_bad_request(bank, body, expected):
    assert code_of(bank.call(PAYMENT_URL, body)) == expected


def test_malformed_fields_name_the_field(bank):
    bill = make_bill()
    response = bank.pay(bill, amount="260000")
    assert code_of(response) == "4002501" and "paidAmount" in response.json()["responseMessage"]
    payload = {**bank.va(bill), "paymentRequestId": "x", "paidAmount": {"value": "260000.00", "currency": "USD"}}
    assert code_of(bank.call(PAYMENT_URL, payload)) == "4002501"
    payload = {**bank.va(bill), "virtualAccountNo": "   77001999", "inquiryRequestId": "r"}
    assert code_of(bank.call(INQUIRY_URL, payload)) == "4002401"


# --- bills -------------------------------------------------------------------------------------

def test_unknown_va(bank):
    assert code_of(bank.inquiry("123456789012345")) == "4042412"
    fake = Bill(payment_code="123456789012345", total=1000)
    assert code_of(bank.pay(fake)) == "4042512"


def test_pay_posts_once_with_the_split_and_a_retry_gets_the_same_answer(bank):
    bill = make_bill()
    first = bank.pay(bill, request_id="PR-1")
    assert first.status_code == 200, first.content
    data = first.json()
    assert data["responseCode"] == "2002500"
    assert data["virtualAccountData"]["paymentFlagStatus"] == "00"
    assert data["virtualAccountData"]["paidAmount"] == {"value": "260000.00", "currency": "IDR"}
    payment = Payment.objects.get(bill=bill)
    assert payment.status == PaymentStatus.POSTED and payment.channel == "snap:bankuji"
    assert payment.external_ref == "PR-1" and data["additionalInfo"]["receiptNumber"] == payment.receipt_number
    assert sorted(Allocation.objects.filter(payment=payment).values_list("tax_head", "amount")) == [
        ("opsen_pkb", 89_458), ("pkb", 135_542), ("swdkllj", 35_000)]
    assert [line["beneficiary"]["code"] for line in data["additionalInfo"]["lines"]] == \
        [line.beneficiary.code for line in bill.lines.order_by("position")]
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    # the bank timed out and retries with a new X-EXTERNAL-ID: same answer, nothing posted again
    again = bank.pay(bill, request_id="PR-1")
    assert again.status_code == 200 and again.json() == data
    assert Payment.objects.filter(bill=bill).count() == 1


def test_paid_va(bank):
    bill = make_bill()
    assert code_of(bank.pay(bill, request_id="PR-1")) == "2002500"
    assert code_of(bank.inquiry(bill)) == "4042414"
    assert code_of(bank.pay(bill, request_id="PR-2")) == "4042514"
    assert Payment.objects.filter(bill=bill).count() == 1  # no refund row: the bank debited nobody


def test_wrong_amount(bank):
    bill = make_bill()
    assert code_of(bank.pay(bill, amount="259999.00")) == "4042513"
    assert code_of(bank.pay(bill, amount="260000.50")) == "4042513"  # rupiah have no cents
    assert not Payment.objects.exists()
    bill.refresh_from_db()
    assert bill.status == BillStatus.OPEN


def test_same_request_id_with_other_content_is_inconsistent(bank):
    bill = make_bill()
    assert code_of(bank.pay(bill, request_id="PR-1", amount="1.00")) == "4042513"
    assert code_of(bank.pay(bill, request_id="PR-1")) == "4042518"
    assert code_of(bank.pay(bill, request_id="PR-2")) == "2002500"


def test_expired_and_cancelled_bills(bank):
    bill = make_bill()
    Bill.objects.filter(pk=bill.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert code_of(bank.inquiry(bill)) == "4042419"
    assert code_of(bank.pay(bill)) == "4042519"
    assert not Payment.objects.exists()


def test_status_after_a_time_out(bank):
    bill = make_bill()
    assert code_of(bank.status(bill, "PR-9")) == "4042601"
    paid = bank.pay(bill, request_id="PR-9").json()
    status = bank.status(bill, "PR-9").json()
    assert status["responseCode"] == "2002600"
    assert status["virtualAccountData"]["paymentFlagStatus"] == "00"
    assert status["virtualAccountData"]["referenceNo"] == paid["virtualAccountData"]["referenceNo"]
    refused = make_bill()
    bank.pay(refused, request_id="PR-10", amount="5.00")
    status = bank.status(refused, "PR-10").json()
    assert status["virtualAccountData"]["paymentFlagStatus"] == "01"
    assert status["additionalInfo"]["paymentResponseCode"] == "4042513"


def test_every_code_comes_from_the_table():
    for name, case in codes.CASES.items():
        code = codes.response_code(codes.VA_PAYMENT, name)
        assert len(code) == 7 and code[:3] == str(case.http) and code[3:5] == "25"
        assert case.source in ("reference", "gateway-doc", "bank-doc")


def test_routes_answer_only_post(bank, client):
    assert client.get(TOKEN_URL).status_code == 405


def test_reconciliation_matches_snap_payments_against_the_settlement_file(bank):
    from balai.payments.reconciliation import settlement_import

    bill, other = make_bill(), make_bill()
    assert code_of(bank.pay(bill, request_id="PR-S1")) == "2002500"
    assert code_of(bank.pay(other, request_id="PR-S2")) == "2002500"
    day = timezone.localdate().isoformat()
    content = f"date,reference,amount\n{day},PR-S1,260000\n{day},PR-S2,250000\n".encode()
    settlement, created = settlement_import(content=content, channel=bank.partner.channel, file_name="bank.csv")
    assert created and settlement.counts["matched"] == 1 and settlement.counts["amount_differs"] == 1


def test_people_read_the_bank_of_a_snap_payment_never_its_channel_code(bank):
    from django.template import Context, Template
    from django.utils import translation

    channel = bank.partner.channel
    template = Template("{% load payments_tags %}{{ channel|channel_name }}")
    html = template.render(Context({"channel": channel}))
    assert html == f"Transfer bank ({bank.partner.name})" and "snap:" not in html
    with translation.override("en"):
        assert template.render(Context({"channel": channel})) == f"Bank transfer ({bank.partner.name})"
    assert template.render(Context({"channel": "snap:unknown"})) == "Transfer bank (virtual account)"
