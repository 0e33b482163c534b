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



def _post(client, bill, key):
    return client.post(URL, {"payment_code": bill.payment_code}, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key)


def _age_claims(seconds: int = 61) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from balai.payments.models import IdempotencyRecord

    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(seconds=seconds))


@pytest.mark.django_db
def test_retry_after_a_crash_gets_the_collection_once_the_lease_expired(agent_client, settings):
    """bench/crash.py found it: a worker SIGKILLed after the collection committed but before the
    key's answer was stored left the key "in progress", and the device's retry got 409 for 24 h."""
    from balai.partners.models import Collection
    from balai.payments.models import IdempotencyRecord

    settings.IDEMPOTENCY_LEASE_SECONDS = 60
    bill = make_bill()
    first = _post(agent_client, bill, "dev-1-0042")
    assert first.status_code == 201
    IdempotencyRecord.objects.update(done=False, response_status=None, response_body=None)  # the kill
    busy = _post(agent_client, bill, "dev-1-0042")  # within the lease the first call may still run
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "idempotency_key_in_progress"
    _age_claims()
    retry = _post(agent_client, bill, "dev-1-0042")
    assert retry.status_code == 200, retry.content
    assert retry.json()["receipt_number"] == first.json()["receipt_number"] and retry.json()["replayed"]
    assert Collection.objects.count() == 1 and Payment.objects.filter(bill=bill).count() == 1
    assert IdempotencyRecord.objects.get().done
    # a different request under the same stale key is still refused, never run
    IdempotencyRecord.objects.update(done=False)
    _age_claims()
    assert _post(agent_client, make_bill(), "dev-1-0042").status_code == 422
    assert Collection.objects.count() == 1


@pytest.mark.django_db
def test_retry_after_a_crash_inside_the_collection_collects_exactly_once(agent_client):
    from unittest import mock

    from balai.partners.models import Collection

    bill = make_bill()
    # A BaseException passes every handler, like a SIGKILL: the claim stays, the collection rolls back.
    with mock.patch("balai.partners.api.collection_record", side_effect=KeyboardInterrupt), \
            pytest.raises(KeyboardInterrupt):
        _post(agent_client, bill, "dev-1-0043")
    assert not Collection.objects.exists()
    assert _post(agent_client, bill, "dev-1-0043").status_code == 409
    _age_claims()
    retry = _post(agent_client, bill, "dev-1-0043")
    assert retry.status_code == 201, retry.content
    assert _post(agent_client, bill, "dev-1-0043").json() == retry.json()
    assert Collection.objects.count() == 1 and Payment.objects.filter(bill=bill, status="posted").count() == 1
