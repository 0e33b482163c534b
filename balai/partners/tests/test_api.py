"""Device API: a collection with Idempotency-Key (payments' idempotency module) and the list
that recovers a lost response."""

import pytest

from balai.payments.models import Payment

from .factories import make_bill

URL = "/api/partners/collections/"


@pytest.mark.django_db
def test_post_with_key_replays_and_list_recovers(agent_client):
    bill = make_bill()
    first = agent_client.post(URL, {"payment_code": bill.payment_code}, content_type="application/json",
                              HTTP_IDEMPOTENCY_KEY="dev-1-0001")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["payment_code"] == bill.payment_code and body["amount"] == 260_000 and not body["replayed"]
    again = agent_client.post(URL, {"payment_code": bill.payment_code}, content_type="application/json",
                              HTTP_IDEMPOTENCY_KEY="dev-1-0001")
    assert again.status_code == 201 and again.json() == body and again["Idempotent-Replayed"] == "true"
    other_device = agent_client.post(URL, {"payment_code": bill.payment_code}, content_type="application/json",
                                     HTTP_IDEMPOTENCY_KEY="dev-2-0001")
    assert other_device.status_code == 200 and other_device.json()["receipt_number"] == body["receipt_number"]
    assert Payment.objects.filter(bill=bill).count() == 1
    listed = agent_client.get(URL).json()
    assert [c["receipt_number"] for c in listed] == [body["receipt_number"]]


@pytest.mark.django_db
def test_key_required_reuse_refused_and_errors_in_the_envelope(agent_client):
    bill = make_bill()
    missing = agent_client.post(URL, {"payment_code": bill.payment_code}, content_type="application/json")
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "idempotency_key_required"
    agent_client.post(URL, {"payment_code": bill.payment_code}, content_type="application/json",
                      HTTP_IDEMPOTENCY_KEY="k1")
    reused = agent_client.post(URL, {"payment_code": make_bill().payment_code}, content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY="k1")
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"
    unknown = agent_client.post(URL, {"payment_code": "12345678901234"}, content_type="application/json",
                                HTTP_IDEMPOTENCY_KEY="k2")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_bill"


@pytest.mark.django_db
def test_only_agents(staff_client):
    client, _user = staff_client("officer")
    assert client.get(URL).status_code == 403
