"""The SNAP sandbox bank collects over the real protocol, survives a lost answer without paying
twice, and exists only in demo mode."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from balai.payments.models import Payment
from balai.payments.snap.sandbox import SnapSandboxBank, ensure_partner, handle, load_keys
from balai.payments.states import BillStatus

from .test_conformance import make_bill

pytestmark = pytest.mark.django_db


def client_transport(client: Client):
    def send(path, headers, body, timeout):
        meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        response = client.post(path, body, content_type="application/json", **meta)
        return response.status_code, response.json()
    return send


@pytest.fixture
def sandbox_bank(settings, tmp_path):
    settings.DEMO = True
    settings.SNAP_SANDBOX = {"KEY_FILE": str(tmp_path / "snap.json")}
    ensure_partner(load_keys(create=True))
    return SnapSandboxBank.from_conf(transport=client_transport(Client()))


def test_collects_a_bill(sandbox_bank):
    bill = make_bill()
    answer = sandbox_bank.collect(bill.payment_code)
    assert answer["responseCode"] == "2002500", sandbox_bank.log
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    assert Payment.objects.get(bill=bill).channel == "snap:sandbox"


def test_a_lost_answer_is_retried_without_a_second_posting(sandbox_bank):
    bill = make_bill()
    answer = sandbox_bank.collect(bill.payment_code, lose_first_answer=True)
    assert answer["responseCode"] == "2002500"
    assert any("time-out" in line for line in sandbox_bank.log) and any("status" in line for line in sandbox_bank.log)
    assert Payment.objects.filter(bill=bill).count() == 1


def test_its_page_pays_and_links_back(sandbox_bank):
    bill = make_bill()
    status, _, page = handle(lambda: sandbox_bank, "GET", "/", "va=88990" + bill.payment_code, b"",
                             balai_url="http://balai.test")
    assert status == 200 and b"SANDBOX" in page and bill.payment_code.encode() in page
    status, _, page = handle(lambda: sandbox_bank, "POST", "/bayar", "", f"va=88990{bill.payment_code}".encode(),
                             balai_url="http://balai.test")
    assert b"Pembayaran berhasil" in page and f"http://balai.test/bayar/{bill.payment_code}/".encode() in page


def test_the_sandbox_partner_is_refused_outside_demo_mode(sandbox_bank, settings):
    settings.DEMO = False
    with pytest.raises(RuntimeError, match="token refused"):
        sandbox_bank.get_token()


def test_the_command_refuses_outside_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("sandbox_gateway", "--protocol", "snap")


def test_key_file_holds_a_usable_key(sandbox_bank, settings):
    with open(settings.SNAP_SANDBOX["KEY_FILE"]) as file:
        keys = json.load(file)
    assert keys["private_key"].startswith("-----BEGIN PRIVATE KEY-----") and len(keys["client_secret"]) >= 32
