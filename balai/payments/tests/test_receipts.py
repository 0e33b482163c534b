"""Receipts through balai.documents: issued after commit, once per payment."""

import pytest

from balai.payments.models import Receipt
from balai.payments.receipts import receipt_issue_for_payment
from balai.payments.services import payment_post

from .factories import make_bill


@pytest.mark.django_db
def test_posting_issues_one_signed_receipt_after_commit(signing, make_citizen, django_capture_on_commit_callbacks):
    from balai.documents.models import Document

    owner = make_citizen()
    bill = make_bill(payer=owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="TRX-R1",
                              amount=bill.total)
    assert len(callbacks) == 2  # the receipt's outbox row, then the "paid" notice the receipt task sends
    receipt = Receipt.objects.get(payment=result.payment)
    document = Document.objects.get(pk=receipt.document_id)
    assert document.doc_type == "payment_receipt" and document.owner == owner
    assert receipt.download_path == document.download_path and receipt.verify_url == document.verify_url
    # a retried task, or reconciliation re-queueing it, never makes a second receipt
    assert receipt_issue_for_payment(payment_id=result.payment.pk).pk == receipt.pk
    assert Document.objects.filter(doc_type="payment_receipt").count() == 1


@pytest.mark.django_db
def test_no_receipt_for_money_that_was_not_posted(signing):
    bill = make_bill()
    result = payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="TRX-R2", amount=1)
    assert receipt_issue_for_payment(payment_id=result.payment.pk) is None
    assert not Receipt.objects.exists()
