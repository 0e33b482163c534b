from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from balai.payments.gateways import registry
from balai.payments.models import BillEvent, Payment, PaymentAttempt, ReviewTask, SettlementLine
from balai.payments.reconciliation import SettlementFileError, attempts_reconcile, settlement_import
from balai.payments.sandbox import bank_from_settings
from balai.payments.services import attempt_start, payment_post
from balai.payments.states import AttemptStatus, BillStatus

from .factories import make_bill

pytestmark = pytest.mark.django_db


def _quiet_attempt(bill, minutes=20):
    attempt = attempt_start(bill=bill, gateway=registry["sandbox"], method="va")
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    attempt.refresh_from_db()
    return attempt


def test_status_query_posts_a_payment_whose_webhook_never_came(settings):
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX, "WEBHOOK_URL": "http://127.0.0.1:9/unreachable"}
    bill = make_bill()
    attempt = _quiet_attempt(bill)
    bank_from_settings().pay(attempt.gateway_ref, bank_ref="TRX-LOST")
    report = attempts_reconcile()
    assert report.checked == 1 and report.posted == 1
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    assert Payment.objects.get(bill=bill).external_ref == "TRX-LOST"
    event = BillEvent.objects.get(bill=bill, kind="reconciliation.status_query")
    assert "kueri status" in event.reason
    # a second run finds nothing to do
    assert attempts_reconcile().checked == 0


def test_status_query_closes_failed_attempts_and_leaves_recent_ones(settings):
    bill = make_bill()
    old = _quiet_attempt(bill)
    recent = _quiet_attempt(bill, minutes=5)
    bank_from_settings().fail(old.gateway_ref)
    bank_from_settings().fail(recent.gateway_ref)
    report = attempts_reconcile()
    assert report.checked == 1 and report.closed == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == AttemptStatus.FAILED and recent.status == AttemptStatus.PENDING
    bill.refresh_from_db()
    assert bill.status == BillStatus.OPEN


def _pay(bill, ref, channel="sandbox"):
    return payment_post(payment_code=bill.payment_code, channel=channel, external_ref=ref, amount=bill.total).payment


def test_settlement_file_matching_and_reimport():
    today = timezone.localdate()
    a, b, c = make_bill(), make_bill(), make_bill()
    _pay(a, "R-A")
    _pay(b, "R-B")
    _pay(c, "R-C")
    csv = (f"date,reference,amount\n{today},R-A,{a.total}\n{today},R-B,{b.total + 1000}\n"
           f"{today},R-X,50000\n").encode()
    settlement, created = settlement_import(content=csv, channel="sandbox", file_name="bank.csv")
    assert created
    assert settlement.counts == {"matched": 1, "amount_differs": 1, "missing_in_balai": 1, "missing_at_bank": 1}
    outcomes = dict(SettlementLine.objects.filter(settlement=settlement).values_list("reference", "outcome"))
    assert outcomes == {"R-A": "matched", "R-B": "amount_differs", "R-X": "missing_in_balai", "R-C": "missing_at_bank"}
    assert ReviewTask.objects.filter(kind="settlement").count() == 3
    event = BillEvent.objects.get(bill=b, kind="reconciliation.amount_differs")
    assert "bank.csv" in event.reason
    # corrections are events: the payment itself is untouched
    assert Payment.objects.get(external_ref="R-B").amount == b.total
    again, created_again = settlement_import(content=csv, channel="sandbox", file_name="bank.csv")
    assert not created_again and again.pk == settlement.pk
    assert ReviewTask.objects.filter(kind="settlement").count() == 3


@pytest.mark.parametrize("content", [
    b"tanggal,ref,jumlah\n2026-01-01,A,1\n",
    b"date,reference,amount\n2026-01-01,A,1.5\n",
    b"date,reference,amount\n01/01/2026,A,1\n",
    b"date,reference,amount\n2026-01-01,,1\n",
])
def test_settlement_file_errors(content):
    with pytest.raises(SettlementFileError):
        settlement_import(content=content, channel="sandbox")


def test_import_settlement_command(tmp_path):
    bill = make_bill()
    _pay(bill, "R-1")
    path = tmp_path / "settlement.csv"
    path.write_text(f"date,reference,amount\n{date.today()},R-1,{bill.total}\n")
    out = StringIO()
    call_command("import_settlement", str(path), "--channel", "sandbox", stdout=out)
    assert "Cocok" in out.getvalue() and " 1" in out.getvalue()
    out = StringIO()
    call_command("import_settlement", str(path), stdout=out)
    assert "already imported" in out.getvalue()
