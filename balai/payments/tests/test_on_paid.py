"""The "on paid" registry: the handler runs inside the posting transaction, under the bill lock."""

import pytest
from django.db import connection

from balai.payments.models import Bill, Payment
from balai.payments.registry import register_on_paid, unregister_on_paid
from balai.payments.services import payment_post
from balai.payments.states import BillStatus

from .factories import make_bill

pytestmark = pytest.mark.django_db


@pytest.fixture
def kind():
    yield "test_kind"
    unregister_on_paid("test_kind")


def test_handler_sees_the_paid_bill_inside_the_transaction(kind):
    seen = []

    def handler(*, bill, payment):
        seen.append((bill.status, payment.receipt_number, connection.in_atomic_block))

    register_on_paid(kind, handler)
    bill = make_bill(kind=kind)
    result = payment_post(payment_code=bill.payment_code, channel="teller", external_ref="T-1", amount=bill.total)
    assert seen == [(BillStatus.PAID, result.payment.receipt_number, True)]
    # the same reference again does not run the handler twice
    payment_post(payment_code=bill.payment_code, channel="teller", external_ref="T-1", amount=bill.total)
    assert len(seen) == 1


def test_a_failing_handler_rolls_the_posting_back(kind):
    def handler(*, bill, payment):
        raise RuntimeError("endorsement failed")

    register_on_paid(kind, handler)
    bill = make_bill(kind=kind)
    with pytest.raises(RuntimeError):
        payment_post(payment_code=bill.payment_code, channel="teller", external_ref="T-2", amount=bill.total)
    assert Bill.objects.get(pk=bill.pk).status == BillStatus.OPEN
    assert not Payment.objects.filter(bill=bill).exists()


def test_one_handler_per_kind(kind):
    register_on_paid(kind, print)
    with pytest.raises(ValueError):
        register_on_paid(kind, repr)
