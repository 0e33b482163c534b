"""Exactly once under concurrency (invariant 3), on PostgreSQL with real row locks."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from balai.payments.models import Allocation, Payment, WebhookNotification
from balai.payments.states import PaymentStatus

from .factories import make_bill, notification, signed

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
]
N = 100
URL = "/api/payments/webhooks/sandbox/"


def _fire(requests: list[tuple[bytes, dict]]) -> list:
    results: list = [None] * len(requests)
    barrier = threading.Barrier(min(len(requests), 50))
    # 50 threads take two requests each: enough contention, within max_connections=100.
    def worker(indices):
        client = Client()
        try:
            barrier.wait()
            for i in indices:
                body, headers = requests[i]
                response = client.post(URL, body, content_type="application/json", **headers)
                results[i] = (response.status_code, response.json())
        except Exception as exc:  # noqa: BLE001
            results[indices[0]] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=([i, i + 50] if i + 50 < len(requests) else [i],))
               for i in range(min(len(requests), 50))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_hundred_concurrent_deliveries_of_one_notification_post_once():
    bill = make_bill()
    payload = notification(bill, bank_ref="TRX-ONE")
    now = int(time.time())
    # Each delivery is re-signed (as the gateway does for every retry): distinct timestamps.
    results = _fire([signed(payload, timestamp=now - i) for i in range(N)])
    assert all(r[0] == 200 for r in results), results
    bodies = {tuple(sorted(r[1].items())) for r in results}
    assert len(bodies) == 1, bodies
    assert results[0][1]["result"] == "posted"
    assert Payment.objects.filter(bill=bill).count() == 1
    assert Payment.objects.filter(bill=bill, status=PaymentStatus.POSTED).count() == 1
    assert WebhookNotification.objects.count() == 1
    assert sum(Allocation.objects.filter(payment__bill=bill).values_list("amount", flat=True)) == bill.total


def test_hundred_concurrent_payments_with_different_references_post_exactly_one():
    bill = make_bill()
    results = _fire([signed(notification(bill, bank_ref=f"TRX-{i:03d}")) for i in range(N)])
    assert all(r[0] == 200 for r in results), results
    outcomes = [r[1]["result"] for r in results]
    assert outcomes.count("posted") == 1
    assert outcomes.count("refund_required") == N - 1
    assert all(r[1]["bill_status"] == "paid" for r in results)
    assert {r[1]["reason"] for r in results if r[1]["result"] == "refund_required"} == {"bill_already_paid"}
    posted = Payment.objects.filter(bill=bill, status=PaymentStatus.POSTED)
    assert posted.count() == 1
    winner = [r[1] for r in results if r[1]["result"] == "posted"][0]
    assert posted.get().external_ref == winner["reference"]
    assert Payment.objects.filter(bill=bill, status=PaymentStatus.REFUND_REQUIRED).count() == N - 1
    assert sum(Allocation.objects.filter(payment__bill=bill).values_list("amount", flat=True)) == bill.total


def test_one_bank_reference_for_two_bills_at_once_posts_only_one():
    # The same reference sent for two bills at the same instant: neither bill's lock covers the
    # other, so the unique (channel, reference) index decides; the loser rolls back and retries.
    first, second = make_bill(), make_bill()
    requests = [signed(notification(bill, bank_ref="TRX-SHARED")) for _ in range(10) for bill in (first, second)]
    results = _fire(requests)
    assert all(r[0] == 200 for r in results), results
    assert Payment.objects.filter(external_ref="TRX-SHARED").count() == 1
    winner = Payment.objects.get(external_ref="TRX-SHARED").bill
    loser = second if winner == first else first
    assert {r[1]["result"] for r in results if r[1]["payment_code"] == winner.payment_code} == {"posted"}
    assert {(r[1]["result"], r[1].get("reason")) for r in results if r[1]["payment_code"] == loser.payment_code} \
        == {("rejected", "reference_conflict")}
