"""The partner row kept per process (``protocol.active_partner``): a change saved here takes effect
at once; one made elsewhere (another worker, seen here as a queryset update that sends no signal)
within ``SNAP_PARTNER_CACHE_SECONDS``. And the payment flag's round trips, pinned."""

import pytest
from django.db import connection

from balai.payments.snap import protocol
from balai.payments.snap.models import SnapPartner
from balai.payments.tests.factories import make_bill
from balai.payments.tests.test_posting_round_trips import Counter


def code_of_response(response) -> str:
    return response.json()["responseCode"]

FLAG_ROUND_TRIPS = 3  # claims + bill lock + reads + beneficiaries; receipt number + audit; writes


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.SNAP_PARTNER_CACHE_SECONDS = 30
    protocol._partners.clear()
    yield
    protocol._partners.clear()


def test_deactivating_a_bank_in_this_process_refuses_its_next_call(bank):
    assert code_of_response(bank.inquiry(make_bill())) == "2002400"
    bank.partner.active = False
    bank.partner.save()
    assert code_of_response(bank.inquiry(make_bill())) == "4012401"


def test_a_deactivation_saved_elsewhere_is_seen_when_the_kept_row_expires(bank, monkeypatch):
    assert code_of_response(bank.inquiry(make_bill())) == "2002400"
    SnapPartner.objects.filter(pk=bank.partner.pk).update(active=False)  # no signal here
    assert code_of_response(bank.inquiry(make_bill())) == "2002400"  # the kept row, for now
    later = protocol.time.monotonic() + 31
    monkeypatch.setattr(protocol.time, "monotonic", lambda: later)
    assert code_of_response(bank.inquiry(make_bill())) == "4012401"


def test_with_the_cache_off_every_call_reads_the_row(bank, settings):
    settings.SNAP_PARTNER_CACHE_SECONDS = 0
    assert code_of_response(bank.inquiry(make_bill())) == "2002400"
    SnapPartner.objects.filter(pk=bank.partner.pk).update(active=False)
    assert code_of_response(bank.inquiry(make_bill())) == "4012401"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips are counted on PostgreSQL")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_payment_flag_costs_three_round_trips_once_the_bank_is_known(bank, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker issues the receipt, not this request
    assert code_of_response(bank.pay(make_bill())) == "2002500"  # reads and keeps the partner row
    bill, counter = make_bill(), Counter()
    with connection.execute_wrapper(counter):
        response = bank.pay(bill)
    assert code_of_response(response) == "2002500"
    assert len(counter.calls) == FLAG_ROUND_TRIPS, counter.calls
    assert all(line["beneficiary"]["code"] for line in response.json()["additionalInfo"]["lines"])


def test_banks_calls_go_through_the_short_middleware_stack_and_post(bank, monkeypatch):
    """gunicorn's entry point sends ``/v1.0/`` to the webhooks' handler: no session, user, CSRF,
    CSP or lockout for a bank's signed call, and the token, flag and answer work there."""
    import io
    import json

    from balai import wsgi
    from balai.core.tests.wsgi import call_wsgi

    def full_stack(environ, start_response):
        raise AssertionError(f"{environ['PATH_INFO']} went through the full middleware stack")

    monkeypatch.setattr(wsgi, "_full", full_stack)

    from .helpers import PAYMENT_URL, TOKEN_URL, hmac_sign, rsa_sign, stamp

    def wsgi_post(path: str, body: bytes, headers: dict) -> tuple[str, dict]:
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "localhost", "SERVER_PORT": "80",
                   "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
                   "CONTENT_TYPE": "application/json", **headers}
        status, response_headers, result = call_wsgi(environ)
        assert "X-Request-ID" in response_headers and "Set-Cookie" not in response_headers
        return status, json.loads(result)

    ts = stamp()
    ck = bank.partner.client_key
    status, answer = wsgi_post(TOKEN_URL, b'{"grantType":"client_credentials"}', {
        "HTTP_X_TIMESTAMP": ts, "HTTP_X_CLIENT_KEY": ck, "HTTP_X_SIGNATURE": rsa_sign(bank.key, ck, ts)})
    assert status.startswith("200"), answer
    token, bill = answer["accessToken"], make_bill()
    body = json.dumps({**bank.va(bill), "paymentRequestId": "wsgi-1",
                       "paidAmount": {"value": f"{bill.total}.00", "currency": "IDR"}}, separators=(",", ":"))
    status, answer = wsgi_post(PAYMENT_URL, body.encode(), {
        "HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_X_TIMESTAMP": ts,
        "HTTP_X_SIGNATURE": hmac_sign(bank.secret, "POST", PAYMENT_URL, token, body, ts),
        "HTTP_X_PARTNER_ID": bank.partner.partner_id, "HTTP_X_EXTERNAL_ID": "wsgi-ext-1", "HTTP_CHANNEL_ID": "95221"})
    assert status.startswith("200") and answer["responseCode"] == "2002500", answer
    bill.refresh_from_db()
    assert bill.status == "paid"
