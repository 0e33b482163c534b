"""The posting path's round trips, pinned: one posting sends exactly this many statements
(batches count once) to PostgreSQL, receipt outbox row included. BEGIN and COMMIT are not seen by
Django's execute wrappers and come on top (two more)."""

import pytest
from django.db import connection, transaction

from balai.core.models import OutboxTask
from balai.payments.models import Payment
from balai.payments.services import payment_post
from balai.payments.tests.factories import make_bill

POSTING_ROUND_TRIPS = 3  # reads under the bill lock; receipt number + audit chain; every write


class Counter:
    def __init__(self):
        self.calls: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.calls.append(sql.split()[0] if sql else "")
        return execute(sql, params, many, context)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips are counted on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_one_posting_costs_three_round_trips_with_its_receipt_queued_in_the_same_transaction(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker issues the receipt, not this request
    bill = make_bill()
    counter = Counter()
    with connection.execute_wrapper(counter), transaction.atomic():
        result = payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="TRX-RT-1",
                              amount=bill.total, savepoint=False)
    assert result.outcome == "posted"
    assert len(counter.calls) == POSTING_ROUND_TRIPS, counter.calls
    payment = Payment.objects.get(pk=result.payment.pk)
    queued = OutboxTask.objects.get(task="balai.payments.tasks.issue_receipt")
    assert queued.kwargs == {"channel": "sandbox", "external_ref": "TRX-RT-1"}
    assert payment.receipt_number
