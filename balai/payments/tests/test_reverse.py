"""``payment_reverse``: a posted payment undone with a reason reopens the bill; nothing deleted."""

import pytest

from balai.payments.models import Allocation, BillEvent, Payment
from balai.payments.registry import (
    register_on_paid,
    register_on_reversed,
    unregister_on_paid,
    unregister_on_reversed,
)
from balai.payments.services import PaymentError, payment_post, payment_reverse
from balai.payments.states import BillStatus, PaymentStatus

from .factories import make_bill


@pytest.mark.django_db
def test_reverse_reopens_bill_and_keeps_the_record(make_staff):
    supervisor = make_staff(role="supervisor")
    bill = make_bill()
    posted = payment_post(payment_code=bill.payment_code, channel="agent_cash", external_ref="R1", amount=bill.total)
    # when
    payment = payment_reverse(payment=posted.payment, by=supervisor, reason="salah bayar")
    # then
    bill.refresh_from_db()
    assert bill.status == BillStatus.OPEN and bill.closed_at is None
    assert payment.status == PaymentStatus.REVERSED and payment.receipt_number == posted.payment.receipt_number
    assert Allocation.objects.filter(payment=payment).count() == 3
    kinds = list(BillEvent.objects.filter(bill=bill).values_list("kind", flat=True))
    assert kinds[-2:] == ["payment.reversed", "bill.reopened"]
    # the bill can be paid again, once
    again = payment_post(payment_code=bill.payment_code, channel="agent_cash", external_ref="R2", amount=bill.total)
    assert again.outcome == PaymentStatus.POSTED
    assert Payment.objects.filter(bill=bill, status=PaymentStatus.POSTED).count() == 1


@pytest.mark.django_db
def test_reverse_refuses_twice_without_reason_and_non_posted(make_staff):
    supervisor = make_staff(role="supervisor")
    bill = make_bill()
    posted = payment_post(payment_code=bill.payment_code, channel="agent_cash", external_ref="R1", amount=bill.total)
    with pytest.raises(PaymentError) as exc:
        payment_reverse(payment=posted.payment, by=supervisor, reason="  ")
    assert exc.value.code == "reason_required"
    payment_reverse(payment=posted.payment, by=supervisor, reason="salah bayar")
    with pytest.raises(PaymentError) as exc:
        payment_reverse(payment=posted.payment, by=supervisor, reason="lagi")
    assert exc.value.code == "not_reversible"


@pytest.mark.django_db
def test_reverse_needs_an_undo_for_kinds_with_an_on_paid_effect(make_staff):
    supervisor = make_staff(role="supervisor")
    calls = []
    register_on_paid("reverse_test", lambda **kw: calls.append("paid"))
    try:
        bill = make_bill(kind="reverse_test")
        posted = payment_post(payment_code=bill.payment_code, channel="agent_cash", external_ref="R1",
                              amount=bill.total)
        with pytest.raises(PaymentError) as exc:
            payment_reverse(payment=posted.payment, by=supervisor, reason="salah")
        assert exc.value.code == "reversal_unsupported"
        register_on_reversed("reverse_test", lambda **kw: calls.append("reversed"))
        payment_reverse(payment=posted.payment, by=supervisor, reason="salah")
        assert calls == ["paid", "reversed"]
    finally:
        unregister_on_paid("reverse_test")
        unregister_on_reversed("reverse_test")
