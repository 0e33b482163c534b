"""100 identical payment flags at once (a bank retrying after time-outs: same paymentRequestId,
each with its own X-EXTERNAL-ID) → one payment and 100 identical answers. PostgreSQL, real locks."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from balai.payments.models import Payment
from balai.payments.snap.models import SnapPaymentFlag

from .helpers import TestBank
from .test_conformance import make_bill

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
]
N = 100


def test_hundred_identical_payment_flags_post_once_with_identical_answers(signing):
    bank = TestBank.register()
    bill = make_bill()
    assert bank.get_token().status_code == 200
    results: list = [None] * N
    barrier = threading.Barrier(50)

    def worker(indices):
        own = TestBank(bank.partner, bank.key, bank.secret, client=Client())
        own.token = bank.token
        try:
            barrier.wait()
            for i in indices:
                response = own.pay(bill, request_id="PR-SAME", external_id=f"{i:06d}")
                results[i] = (response.status_code, response.content)
        except Exception as exc:  # noqa: BLE001
            results[indices[0]] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=([i, i + 50],)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert all(r is not None and r[0] == 200 for r in results), results
    assert len({r[1] for r in results}) == 1, {r[1] for r in results}  # byte for byte
    assert json.loads(results[0][1])["responseCode"] == "2002500"
    assert Payment.objects.filter(bill=bill).count() == 1
    assert SnapPaymentFlag.objects.filter(payment_request_id="PR-SAME").count() == 1
