"""The receipt outbox (payments/receipts.py): with a broker the posting request never calls it;
a worker drains ``receipt_pending`` once per payment, and a failing receipt stays pending."""

from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings

from balai.core.tests.threads import at_once
from balai.payments import receipts
from balai.payments.models import Payment, Receipt
from balai.payments.receipts import _documents_receipt_issue, receipts_issue_pending
from balai.payments.reconciliation import attempts_reconcile
from balai.payments.services import payment_post

from .factories import make_bill

pytestmark = pytest.mark.skipif(_documents_receipt_issue() is None,
                                reason="balai.documents.services.receipt_issue (#4) is not there yet")


def _post(n: int, ref: str = "OBX") -> list[Payment]:
    return [payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref=f"{ref}-{i}",
                         amount=bill.total).payment for i, bill in enumerate(make_bill() for _ in range(n))]


@pytest.mark.django_db
def test_embedded_default_issues_the_receipt_after_commit_and_clears_the_outbox(
        signing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (payment,) = _post(1)
    payment.refresh_from_db()
    assert Receipt.objects.filter(payment=payment).exists() and not payment.receipt_pending


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_broker_the_posting_only_marks_the_outbox_and_the_drain_issues_once(
        signing, django_capture_on_commit_callbacks):
    with mock.patch("balai.payments.tasks.issue_receipt.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True) as callbacks:
        payments = _post(3)
    assert not delay.called and not callbacks  # nothing but the commit in the request
    assert Payment.objects.filter(receipt_pending=True).count() == 3 and not Receipt.objects.exists()

    assert receipts_issue_pending(limit=2) == 2  # the oldest first
    assert set(Receipt.objects.values_list("payment_id", flat=True)) == {payments[0].pk, payments[1].pk}
    assert receipts_issue_pending() == 1
    assert receipts_issue_pending() == 0
    assert Receipt.objects.count() == 3 and not Payment.objects.filter(receipt_pending=True).exists()


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_a_receipt_that_fails_stays_pending_and_does_not_block_the_others(signing):
    first, second = _post(2, "FAIL")
    real = _documents_receipt_issue()

    def flaky(**kwargs):
        if kwargs["subject_id"] == str(first.pk):
            raise RuntimeError("signer unavailable")
        return real(**kwargs)

    with mock.patch.object(receipts, "_documents_receipt_issue", return_value=flaky):
        assert receipts_issue_pending() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.receipt_pending and not Receipt.objects.filter(payment=first).exists()
    assert not second.receipt_pending and Receipt.objects.filter(payment=second).exists()
    # the next run (signer back) issues it
    assert receipts_issue_pending() == 1 and not Payment.objects.filter(receipt_pending=True).exists()


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_reconciliation_counts_receipts_pending_for_more_than_five_minutes(signing):
    from datetime import timedelta

    from django.utils import timezone

    (payment,) = _post(1, "OLD")
    assert attempts_reconcile().receipts_overdue == 0
    Payment.objects.filter(pk=payment.pk).update(received_at=timezone.now() - timedelta(minutes=6))
    assert attempts_reconcile().receipts_overdue == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_concurrent_drainers_share_the_outbox_and_issue_each_receipt_once(signing):
    _post(12, "CONC")
    counts = at_once(receipts_issue_pending, 3)
    assert sum(counts) == 12
    assert Receipt.objects.count() == 12 == Receipt.objects.values("payment_id").distinct().count()
    assert not Payment.objects.filter(receipt_pending=True).exists()
