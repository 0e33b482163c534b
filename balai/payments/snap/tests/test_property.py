"""Any interleaving of inquiries, payment flags, retries, replays and status queries leaves the bill
paid at most once, and every answer agrees with what came before (hypothesis)."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.payments.models import Payment
from balai.payments.states import PaymentStatus

from .test_conformance import make_bill

pytestmark = pytest.mark.django_db

OPS = st.lists(st.one_of(
    st.just(("inquiry",)),
    st.tuples(st.just("pay"), st.sampled_from("ABC"), st.booleans()),  # request id, right amount?
    st.tuples(st.just("status"), st.sampled_from("ABC")),
    st.just(("replay",)),
), min_size=1, max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_interleavings_pay_at_most_once_with_consistent_answers(bank, ops):
    bill = make_bill()
    run = secrets.token_hex(4)
    answers: dict[str, tuple[str, dict]] = {}  # request id → (amount sent first, first answer)
    paid_by = None
    used_external_id = ""
    for op in ops:
        if op[0] == "inquiry":
            if used_external_id:
                response = bank.inquiry(bill)
            else:  # the first inquiry's X-EXTERNAL-ID is replayed later
                used_external_id = f"9{secrets.randbelow(10**12)}"
                response = bank.inquiry(bill, external_id=used_external_id)
            assert response.json()["responseCode"] == ("4042414" if paid_by else "2002400")
        elif op[0] == "pay":
            rid, amount = f"{run}-{op[1]}", f"{bill.total if op[2] else bill.total - 1}.00"
            data = bank.pay(bill, request_id=rid, amount=amount).json()
            if rid in answers:
                first_amount, first = answers[rid]
                assert data == (first if amount == first_amount else {**data, "responseCode": "4042518"})
                continue
            expected = "4042514" if paid_by else ("2002500" if op[2] else "4042513")
            assert data["responseCode"] == expected
            if expected == "2002500":
                paid_by = rid
            answers[rid] = (amount, data)
        elif op[0] == "status":
            rid = f"{run}-{op[1]}"
            data = bank.status(bill, rid).json()
            if rid not in answers:
                assert data["responseCode"] == "4042601"
            else:
                flagged = answers[rid][1]["responseCode"] == "2002500"
                assert data["virtualAccountData"]["paymentFlagStatus"] == ("00" if flagged else "01")
        else:  # a replayed X-EXTERNAL-ID changes nothing, whatever the body
            if used_external_id:
                data = bank.pay(bill, request_id=f"{run}-replay", external_id=used_external_id).json()
                assert data["responseCode"] == "4092500"
    posted = Payment.objects.filter(bill=bill, status=PaymentStatus.POSTED)
    assert posted.count() == (1 if paid_by else 0)
    assert Payment.objects.filter(bill=bill).count() == posted.count()  # refused flags leave no rows
    if paid_by:
        assert posted.get().external_ref == paid_by
