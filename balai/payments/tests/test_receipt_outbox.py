"""Receipts through balai.core.outbox (payments/receipts.py): the posting queues one outbox row
keyed by its channel reference in its own write batch; the outbox issues each receipt once, and a
failing receipt is retried with back-off and then parked for an operator, not retried forever."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from balai.core import outbox
from balai.core.models import OutboxTask
from balai.core.tests.threads import at_once
from balai.payments import receipts
from balai.payments.models import Payment, Receipt
from balai.payments.receipts import _documents_receipt_issue
from balai.payments.reconciliation import attempts_reconcile
from balai.payments.services import RECEIPT_TASK, payment_post

from .factories import make_bill


def _post(n: int, ref: str = "OBX") -> list[Payment]:
    return [payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref=f"{ref}-{i}",
                         amount=bill.total).payment for i, bill in enumerate(make_bill() for _ in range(n))]


def _receipt_rows():
    return OutboxTask.objects.filter(task=RECEIPT_TASK)


@pytest.mark.django_db
def test_embedded_default_issues_the_receipt_after_commit_and_clears_the_outbox(
        signing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (payment,) = _post(1)
    assert Receipt.objects.filter(payment=payment).exists() and not _receipt_rows().exists()


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_broker_the_posting_only_queues_an_outbox_row_and_the_drain_issues_once(
        signing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        payments = _post(3)
    assert not callbacks  # nothing but the commit in the request
    assert sorted(row.kwargs["external_ref"] for row in _receipt_rows()) == ["OBX-0", "OBX-1", "OBX-2"]
    assert not Receipt.objects.exists()

    assert outbox.drain(limit=2) == 2  # the oldest first
    assert set(Receipt.objects.values_list("payment_id", flat=True)) == {payments[0].pk, payments[1].pk}
    assert outbox.drain() == 1
    assert outbox.drain() == 0
    assert Receipt.objects.count() == 3 and not _receipt_rows().exists()


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False, OUTBOX_MAX_ATTEMPTS=3)
def test_a_failing_receipt_backs_off_is_parked_and_does_not_block_the_others(signing):
    first, second = _post(2, "FAIL")
    real = _documents_receipt_issue()

    def flaky(**kwargs):
        if kwargs["subject_id"] == str(first.pk):
            raise RuntimeError("signer unavailable")
        return real(**kwargs)

    def due_now():
        OutboxTask.objects.update(available_at=timezone.now() - timedelta(seconds=1))

    with mock.patch.object(receipts, "_documents_receipt_issue", return_value=flaky):
        assert outbox.drain() == 2  # both ran: one failed and waits, the other is done
        row = _receipt_rows().get()
        assert row.kwargs["external_ref"] == "FAIL-0" and row.attempts == 1
        assert "signer unavailable" in row.last_error and row.available_at > timezone.now()  # back-off
        assert outbox.drain() == 0  # not due yet
        for _ in range(5):
            due_now()
            outbox.drain()
    row = _receipt_rows().get()
    assert row.attempts == 3  # parked after OUTBOX_MAX_ATTEMPTS, not retried forever
    assert not Receipt.objects.filter(payment=first).exists() and Receipt.objects.filter(payment=second).exists()
    due_now()
    assert outbox.drain() == 0  # parked: waits for an operator, even with the signer back


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_reconciliation_counts_receipts_queued_for_more_than_five_minutes(signing):
    _post(1, "OLD")
    assert attempts_reconcile().receipts_overdue == 0
    _receipt_rows().update(created_at=timezone.now() - timedelta(minutes=6))
    assert attempts_reconcile().receipts_overdue == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_concurrent_drainers_share_the_outbox_and_issue_each_receipt_once(signing):
    _post(12, "CONC")
    counts = at_once(outbox.drain, 3)
    assert sum(counts) == 12
    assert Receipt.objects.count() == 12 == Receipt.objects.values("payment_id").distinct().count()
    assert not _receipt_rows().exists()
