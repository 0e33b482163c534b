from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from balai.payments.idempotency import idempotency_purge
from balai.payments.models import IdempotencyRecord, Payment, PaymentAttempt, ReviewTask

from .factories import make_bill

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_api(make_citizen):
    user = make_citizen()
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def agent_api(make_staff):
    # a supervisor posting a channel payment by hand (agents go through balai.partners)
    user = make_staff(role="supervisor")
    api = APIClient()
    api.force_authenticate(user)
    return api


def start(api, bill, key, method="va"):
    return api.post(f"/api/bills/{bill.payment_code}/payments/", {"gateway": "sandbox", "method": method},
                    format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_same_key_same_body_returns_the_stored_response_without_running_again(citizen_api):
    bill = make_bill()
    first = start(citizen_api, bill, "k-1")
    again = start(citizen_api, bill, "k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert PaymentAttempt.objects.filter(bill=bill).count() == 1
    assert first.json()["va_number"].endswith(bill.payment_code)


def test_same_key_different_body_is_422(citizen_api):
    bill = make_bill()
    assert start(citizen_api, bill, "k-2").status_code == 201
    reused = start(citizen_api, bill, "k-2", method="qris")
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"
    assert PaymentAttempt.objects.filter(bill=bill).count() == 1


def test_key_is_required_and_scoped_per_caller(citizen_api, make_citizen):
    bill = make_bill()
    missing = citizen_api.post(f"/api/bills/{bill.payment_code}/payments/", {"gateway": "sandbox", "method": "va"},
                               format="json")
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "idempotency_key_required"
    other = APIClient()
    other.force_authenticate(make_citizen())
    assert start(citizen_api, bill, "shared").status_code == 201
    assert start(other, bill, "shared").status_code == 201
    assert PaymentAttempt.objects.filter(bill=bill).count() == 2


def test_keys_expire_after_24_hours(citizen_api):
    bill = make_bill()
    assert start(citizen_api, bill, "old").status_code == 201
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert start(citizen_api, bill, "old", method="qris").status_code == 201  # a fresh start
    assert PaymentAttempt.objects.filter(bill=bill).count() == 2
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert idempotency_purge() == 1 and not IdempotencyRecord.objects.exists()


def test_channel_payment_post_is_idempotent_and_mismatch_is_stored_as_422(agent_api):
    bill = make_bill()
    body = {"payment_code": bill.payment_code, "reference": "CASH-1", "amount": bill.total - 500}
    first = agent_api.post("/api/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="dev-1")
    again = agent_api.post("/api/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="dev-1")
    assert first.status_code == again.status_code == 422
    assert first.json() == again.json() and first.json()["error"]["code"] == "amount_mismatch"
    assert Payment.objects.filter(bill=bill).count() == 1
    assert ReviewTask.objects.filter(kind="amount_mismatch").count() == 1
    good = {**body, "reference": "CASH-2", "amount": bill.total}
    posted = agent_api.post("/api/payments/", good, format="json", HTTP_IDEMPOTENCY_KEY="dev-2")
    assert posted.status_code == 201 and posted.json()["result"] == "posted"
    assert posted.json()["channel"] == "agent_cash"
    replay = agent_api.post("/api/payments/", good, format="json", HTTP_IDEMPOTENCY_KEY="dev-2")
    assert replay.status_code == 201 and replay.json() == posted.json()
    # a new key for the same reference is still the same payment (unique channel reference)
    same_ref = agent_api.post("/api/payments/", good, format="json", HTTP_IDEMPOTENCY_KEY="dev-3")
    assert same_ref.status_code == 200 and same_ref.json()["receipt_number"] == posted.json()["receipt_number"]
    assert Payment.objects.filter(bill=bill, status="posted").count() == 1


def test_text_or_decimal_amounts_are_refused(agent_api):
    bill = make_bill()
    for amount in ["260000", 260000.5]:
        response = agent_api.post("/api/payments/", {"payment_code": bill.payment_code, "reference": "X",
                                                     "amount": amount}, format="json",
                                  HTTP_IDEMPOTENCY_KEY=f"amt-{amount}")
        assert response.status_code == 400
    assert not Payment.objects.exists()


def test_citizen_cannot_post_channel_payments_or_cancel(citizen_api):
    bill = make_bill()
    response = citizen_api.post("/api/payments/", {"payment_code": bill.payment_code, "reference": "X",
                                                   "amount": bill.total}, format="json", HTTP_IDEMPOTENCY_KEY="c")
    assert response.status_code == 403
    response = citizen_api.post(f"/api/bills/{bill.payment_code}/cancel/", {"reason": "x"}, format="json",
                                HTTP_IDEMPOTENCY_KEY="c2")
    assert response.status_code == 403


def test_supervisor_cancels_once(make_staff):
    api = APIClient()
    api.force_authenticate(make_staff(role="supervisor"))
    bill = make_bill()
    first = api.post(f"/api/bills/{bill.payment_code}/cancel/", {"reason": "data salah"}, format="json",
                     HTTP_IDEMPOTENCY_KEY="cx")
    assert first.status_code == 200 and first.json()["status"] == "cancelled"
    again = api.post(f"/api/bills/{bill.payment_code}/cancel/", {"reason": "data salah"}, format="json",
                     HTTP_IDEMPOTENCY_KEY="cx")
    assert again.json() == first.json()
    other = api.post(f"/api/bills/{bill.payment_code}/cancel/", {"reason": "data salah"}, format="json",
                     HTTP_IDEMPOTENCY_KEY="cy")
    assert other.status_code == 409 and other.json()["error"]["code"] == "bill_not_open"


def test_agents_cannot_post_payments_directly(make_staff):
    agent = APIClient()
    agent.force_authenticate(make_staff(role="agent"))
    bill = make_bill()
    response = agent.post("/api/payments/", {"payment_code": bill.payment_code, "amount": bill.total,
                                             "reference": "direct-1"}, format="json",
                          HTTP_IDEMPOTENCY_KEY="agent-direct-1")
    assert response.status_code == 403
    assert not bill.payments.exists()
