import time
from datetime import timedelta

import pytest
from django.utils import timezone

from balai.payments.models import Bill, BillEvent, Payment, PaymentAttempt, ReviewTask, WebhookNotification
from balai.payments.services import bill_cancel
from balai.payments.states import AttemptStatus, BillStatus, PaymentStatus

from .factories import make_bill, notification, post_webhook, signed

pytestmark = pytest.mark.django_db
URL = "/api/payments/webhooks/sandbox/"


def test_paid_notification_posts_once_with_allocation_and_receipt_number(client):
    # given
    bill = make_bill()
    # when
    response = post_webhook(client, notification(bill, bank_ref="TRX1"))
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["result"] == "posted" and body["bill_status"] == "paid" and body["receipt_number"]
    payment = Payment.objects.get(bill=bill)
    assert (payment.channel, payment.external_ref, payment.amount) == ("sandbox", "TRX1", 260_000)
    by_beneficiary = {a.beneficiary.code: a.amount for a in payment.allocations.select_related("beneficiary")}
    assert by_beneficiary == {"RKUD-35": 135_542, "RKUD-3578": 89_458, "JR-JATIM": 35_000}


def test_tampered_body_or_signature_is_refused(client):
    bill = make_bill()
    body, headers = signed(notification(bill))
    tampered = body.replace(b'"amount": 260000', b'"amount": 1')
    assert client.post(URL, tampered, content_type="application/json", **headers).status_code == 401
    bad_sig = {**headers, "HTTP_X_SANDBOX_SIGNATURE": "0" * 64}
    response = client.post(URL, body, content_type="application/json", **bad_sig)
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_signature"
    wrong_key_body, wrong_key = signed(notification(bill), secret="not-the-secret")
    assert client.post(URL, wrong_key_body, content_type="application/json", **wrong_key).status_code == 401
    missing = client.post(URL, body, content_type="application/json")
    assert missing.status_code == 401
    assert not Payment.objects.exists() and Bill.objects.get(pk=bill.pk).status == BillStatus.OPEN


@pytest.mark.parametrize("skew, accepted", [(-301, False), (+301, False), (-290, True), (+290, True), (-3600, False)])
def test_clock_skew_window_is_five_minutes(client, skew, accepted):
    bill = make_bill()
    response = post_webhook(client, notification(bill), timestamp=int(time.time()) + skew)
    if accepted:
        assert response.status_code == 200 and response.json()["result"] == "posted"
    else:
        assert response.status_code == 401 and response.json()["error"]["code"] == "stale_timestamp"
        assert not Payment.objects.exists()


def test_exact_replay_is_refused_and_posts_nothing_more(client):
    bill = make_bill()
    body, headers = signed(notification(bill))
    first = client.post(URL, body, content_type="application/json", **headers)
    replay = client.post(URL, body, content_type="application/json", **headers)
    assert first.status_code == 200
    assert replay.status_code == 409 and replay.json()["error"]["code"] == "replayed"
    assert Payment.objects.count() == 1


def test_redelivered_notification_gets_the_same_answer_and_no_second_posting(client):
    bill = make_bill()
    payload = notification(bill)
    first = post_webhook(client, payload, timestamp=int(time.time()) - 10)
    again = post_webhook(client, payload)  # the gateway re-signs every retry
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert Payment.objects.count() == 1
    assert WebhookNotification.objects.count() == 1
    assert BillEvent.objects.filter(bill=bill, kind="payment.posted").count() == 1


def test_same_bank_reference_in_a_new_notification_does_not_post_twice(client):
    bill = make_bill()
    first = post_webhook(client, notification(bill, bank_ref="TRX-SAME"))
    second = post_webhook(client, notification(bill, bank_ref="TRX-SAME"))
    assert first.json() == second.json()
    assert Payment.objects.count() == 1


def test_payment_for_expired_bill_is_recorded_for_refund_with_supervisor_task(client):
    bill = make_bill()
    Bill.objects.filter(pk=bill.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = post_webhook(client, notification(bill))
    assert response.status_code == 200
    assert response.json()["result"] == "refund_required" and response.json()["reason"] == "bill_expired"
    bill.refresh_from_db()
    assert bill.status == BillStatus.EXPIRED
    payment = Payment.objects.get(bill=bill)
    assert payment.status == PaymentStatus.REFUND_REQUIRED and payment.receipt_number is None
    assert not payment.allocations.exists()
    task = ReviewTask.objects.get(payment=payment)
    assert task.kind == "refund" and task.regency_code == "3578"


def test_payment_for_cancelled_bill_needs_refund(client, make_staff):
    bill = make_bill()
    bill_cancel(bill=bill, by=make_staff(role="supervisor"), reason="salah data")
    response = post_webhook(client, notification(bill))
    assert response.json()["result"] == "refund_required" and response.json()["reason"] == "bill_cancelled"
    assert ReviewTask.objects.filter(kind="refund", bill=bill).count() == 1


def test_amount_mismatch_is_rejected_and_flagged(client):
    bill = make_bill()
    response = post_webhook(client, notification(bill, amount=bill.total - 1))
    assert response.status_code == 200 and response.json()["result"] == "rejected"
    assert response.json()["reason"] == "amount_mismatch"
    bill.refresh_from_db()
    assert bill.status == BillStatus.OPEN
    assert Payment.objects.get(bill=bill).status == PaymentStatus.REJECTED
    assert ReviewTask.objects.filter(kind="amount_mismatch", bill=bill).exists()
    # the right amount afterwards still settles the bill
    assert post_webhook(client, notification(bill)).json()["result"] == "posted"


def _attempt(bill, ref="SBX00000000000000AA"):
    return PaymentAttempt.objects.create(bill=bill, gateway="sandbox", method="va", gateway_ref=ref,
                                         created_at=timezone.now())


def test_paid_after_a_failure_is_still_posted(client):
    bill = make_bill()
    attempt = _attempt(bill)
    failed = post_webhook(client, notification(bill, status="failed", gateway_ref=attempt.gateway_ref))
    assert failed.json()["result"] == "noted"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FAILED
    paid = post_webhook(client, notification(bill, gateway_ref=attempt.gateway_ref))
    assert paid.json()["result"] == "posted"
    attempt.refresh_from_db()
    bill.refresh_from_db()
    assert attempt.status == AttemptStatus.PAID and bill.status == BillStatus.PAID


def test_late_failure_after_paid_changes_nothing(client):
    bill = make_bill()
    attempt = _attempt(bill)
    assert post_webhook(client, notification(bill, gateway_ref=attempt.gateway_ref)).json()["result"] == "posted"
    late = post_webhook(client, notification(bill, status="failed", gateway_ref=attempt.gateway_ref))
    assert late.status_code == 200 and late.json()["attempt_status"] == "paid"
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID and Payment.objects.filter(status="posted").count() == 1


def test_second_payment_with_another_reference_needs_refund(client):
    bill = make_bill()
    assert post_webhook(client, notification(bill, bank_ref="A")).json()["result"] == "posted"
    second = post_webhook(client, notification(bill, bank_ref="B")).json()
    assert second["result"] == "refund_required" and second["reason"] == "bill_already_paid"
    assert Payment.objects.filter(bill=bill, status="posted").count() == 1


def test_unknown_bill_and_unknown_gateway(client):
    bill = make_bill()
    payload = {**notification(bill), "payment_code": "12345678901234"}
    assert post_webhook(client, payload).json()["result"] == "unknown_bill"
    assert ReviewTask.objects.filter(kind="unknown_bill").exists()
    assert client.post("/api/payments/webhooks/nope/", b"{}", content_type="application/json").status_code == 404


def test_float_amount_is_refused(client):
    bill = make_bill()
    response = post_webhook(client, {**notification(bill), "amount": 260000.0})
    assert response.status_code == 400 and not Payment.objects.exists()


def test_browser_return_never_marks_paid(client):
    bill = make_bill()
    response = client.get(f"/bayar/{bill.payment_code}/kembali/?status=paid&ref=SBXFAKE")
    assert response.status_code == 200
    bill.refresh_from_db()
    assert bill.status == BillStatus.OPEN and not Payment.objects.exists()
    assert "Belum dibayar" in response.content.decode()


def test_posting_writes_every_record_of_the_money_path(client, django_capture_on_commit_callbacks):
    # given: a bill paid through a gateway attempt
    from balai.core.audit import verify_chain
    from balai.core.models import AuditEntry

    bill = make_bill()
    attempt = _attempt(bill)
    payload = notification(bill, bank_ref="TRX-ALL", gateway_ref=attempt.gateway_ref)
    # when
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_webhook(client, payload)
    # then: payment, allocations, bill, attempt, events, audit entry, stored response, receipt task
    body = response.json()
    payment = Payment.objects.get(bill=bill)
    assert (payment.status, payment.receipt_number, payment.attempt_id) == (
        PaymentStatus.POSTED, body["receipt_number"], attempt.pk)
    assert sum(payment.allocations.values_list("amount", flat=True)) == bill.total
    bill.refresh_from_db()
    attempt.refresh_from_db()
    assert bill.status == BillStatus.PAID and bill.closed_at is not None and attempt.status == AttemptStatus.PAID
    events = list(BillEvent.objects.filter(bill=bill).order_by("id").values_list("kind", "payment_id"))
    assert events[-2:] == [("bill.paid", payment.pk), ("payment.posted", payment.pk)]
    entry = AuditEntry.objects.get(action="payments.payment_posted", object_id=bill.payment_code)
    assert entry.data == {"channel": "sandbox", "reference": "TRX-ALL", "amount": bill.total,
                          "receipt_number": payment.receipt_number}
    assert all(problem is None for _stream, _n, problem in verify_chain())
    stored = WebhookNotification.objects.get(event_id=payload["event_id"])
    assert stored.response == body and stored.payload == payload
    assert len(callbacks) == 1  # the receipt task, enqueued after commit


def test_wsgi_serves_webhooks_through_the_short_middleware_stack():
    import io

    from balai import wsgi
    from balai.core.tests.wsgi import call_wsgi, middleware_chain

    chain = [type(m).__name__ for m in middleware_chain(wsgi._webhooks)]
    assert "SessionMiddleware" not in chain and "RequestIdMiddleware" in chain
    bill = make_bill()
    body, headers = signed(notification(bill, bank_ref="TRX-WSGI"))
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": URL, "SERVER_NAME": "localhost", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
               "CONTENT_TYPE": "application/json", **headers}
    status, response_headers, result = call_wsgi(environ)
    assert status.startswith("200") and b'"posted"' in result and "X-Request-ID" in response_headers
