import pytest

from balai.core.numbers import damm_valid
from balai.payments.models import Allocation, BillEvent, Payment
from balai.payments.states import BillStatus, PaymentStatus

from .factories import make_bill, notification, post_webhook


@pytest.mark.django_db
def test_issue_and_pay_by_webhook(client):
    bill = make_bill()
    assert damm_valid(bill.payment_code) and len(bill.payment_code) == 14
    assert bill.total == 260_000
    response = post_webhook(client, notification(bill))
    assert response.status_code == 200, response.content
    assert response.json()["result"] == "posted"
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    payment = Payment.objects.get(bill=bill)
    assert payment.status == PaymentStatus.POSTED and damm_valid(payment.receipt_number)
    assert sum(a.amount for a in Allocation.objects.filter(payment=payment)) == 260_000
    assert list(BillEvent.objects.filter(bill=bill).values_list("kind", flat=True)) == [
        "bill.issued", "bill.paid", "payment.posted"]
