"""The sandbox bank: its HTTP API, signed deliveries with back-off, and a full loop over HTTP."""

import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from balai.payments.gateways import registry
from balai.payments.gateways.base import verify_hmac
from balai.payments.models import Payment
from balai.payments.sandbox import SandboxBank
from balai.payments.sandbox.bank import BACKOFF, Dispatcher, qris_payload
from balai.payments.sandbox.server import serve_in_thread
from balai.payments.services import attempt_start
from balai.payments.states import BillStatus

from .factories import make_bill

SECRET = "s3cret"


class FlakyReceiver:
    """A stub Balai that answers 500 to the first ``failures`` deliveries."""

    def __init__(self, failures: int):
        self.failures, self.received = failures, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                code = 500 if len(receiver.received) <= receiver.failures else 200
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_qris_payload_has_a_valid_crc():
    payload = qris_payload(ref="SBX0123456789ABCDEF", amount=260000)
    assert payload.startswith("000201") and "5406260000" in payload and payload[-8:-4] == "6304"


def test_delivery_retries_with_backoff_until_2xx_and_resigns_each_try(tmp_path):
    receiver = FlakyReceiver(failures=2)
    try:
        bank = SandboxBank(db_path=tmp_path / "b.sqlite3", secret=SECRET, webhook_url=receiver.url)
        payment = bank.create(payment_code="12345678901234", amount=1000)
        bank.pay(payment["ref"])
        t0 = time.time()
        assert bank.deliver_due(now=t0) == 0
        item = bank.outbox()[0]
        assert item["attempts"] == 1 and item["delivered_at"] is None
        assert item["next_attempt_at"] == pytest.approx(time.time() + BACKOFF[0], abs=1)
        assert bank.deliver_due(now=t0 + 0.5) == 0  # not due yet: nothing sent
        assert bank.deliver_due(now=t0 + BACKOFF[0] + 1) == 0
        assert bank.outbox()[0]["next_attempt_at"] == pytest.approx(time.time() + BACKOFF[1], abs=1)
        assert bank.deliver_due(now=t0 + 10) == 1
        item = bank.outbox()[0]
        assert item["attempts"] == 3 and item["delivered_at"] is not None
        assert len(receiver.received) == 3
        for headers, body in receiver.received:
            verify_hmac(secret=SECRET, timestamp=headers["X-Sandbox-Timestamp"],
                        signature=headers["X-Sandbox-Signature"], body=body)
            assert json.loads(body)["status"] == "paid" and json.loads(body)["amount"] == 1000
        assert bank.deliver_due(now=t0 + 1000) == 0  # delivered: never sent again
    finally:
        receiver.close()


def _http(method, url, data=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(data).encode() if data is not None else None,  # noqa: S310
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, json.loads(response.read())


def test_sandbox_http_api(tmp_path):
    bank = SandboxBank(db_path=tmp_path / "b.sqlite3", secret=SECRET, webhook_url="http://127.0.0.1:9/")
    server, _ = serve_in_thread(bank)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        status, created = _http("POST", f"{base}/api/payments", {"payment_code": "12345678901234", "amount": 5000,
                                                                 "method": "qris"})
        assert status == 201 and created["status"] == "pending" and created["qris_payload"]
        status, got = _http("GET", f"{base}/api/payments/{created['ref']}")
        assert got["amount"] == 5000
        status, paid = _http("POST", f"{base}/api/payments/{created['ref']}/pay", {"amount": 4000})
        assert paid["status"] == "paid" and paid["paid_amount"] == 4000 and paid["bank_ref"]
        with urllib.request.urlopen(f"{base}/pay/{created['ref']}", timeout=10) as page:  # noqa: S310
            assert "Bank Sandbox" in page.read().decode()
        with pytest.raises(urllib.error.HTTPError):
            _http("POST", f"{base}/api/payments", {"payment_code": "1", "amount": 1.5})
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db(transaction=True)
def test_stand_alone_gateway_pays_a_bill_end_to_end_over_http(live_server, settings, tmp_path):
    # given: the sandbox as its own HTTP service (as `balai sandbox_gateway` runs it)
    webhook_url = f"{live_server.url}/api/payments/webhooks/sandbox/"
    bank = SandboxBank(db_path=tmp_path / "gw.sqlite3", secret=settings.PAYMENTS_SANDBOX["SECRET"],
                       webhook_url=webhook_url)
    server, _ = serve_in_thread(bank)
    dispatcher = Dispatcher(bank, interval=0.1)
    dispatcher.start()
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX, "EMBEDDED": False,
                                 "URL": f"http://127.0.0.1:{server.server_port}"}
    try:
        bill = make_bill()
        attempt = attempt_start(bill=bill, gateway=registry["sandbox"], method="va")
        assert attempt.instructions["va_number"] == "8808" + bill.payment_code
        # when: the tester pays through the sandbox API
        _http("POST", f"http://127.0.0.1:{server.server_port}/api/payments/{attempt.gateway_ref}/pay", {})
        # then: the signed webhook arrives and the bill is paid
        for _ in range(300):
            bill.refresh_from_db()
            if bill.status == BillStatus.PAID:
                break
            time.sleep(0.1)
        assert bill.status == BillStatus.PAID
        assert Payment.objects.get(bill=bill).attempt_id == attempt.pk
        assert registry["sandbox"].query_status(gateway_ref=attempt.gateway_ref).status == "paid"
        for _ in range(150):  # the dispatcher records the 200 just after Balai answered
            if bank.outbox(attempt.gateway_ref)[0]["last_status"] == 200:
                break
            time.sleep(0.1)
        assert bank.outbox(attempt.gateway_ref)[0]["last_status"] == 200
    finally:
        dispatcher.stop()
        server.shutdown()
        server.server_close()
