"""Collect → void → close the day → declare → reconcile → resolve, through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from balai.partners import ledger
from balai.partners.models import ClosingStatus, Collection, LedgerTransfer, ResolutionKind
from balai.partners.services import (
    PartnerError,
    closing_resolve,
    collection_record,
    day_close,
    deposit_declare,
    statement_import,
    void_decide,
    void_request,
)
from balai.payments.models import Bill, BillEvent, Payment
from balai.payments.services import payment_post
from balai.payments.states import BillStatus, PaymentStatus

from .factories import key, make_bill, make_point

TOTAL = 260_000


def csv_for(*rows):
    return ("tanggal,referensi,jumlah\n" + "".join(f"{d},{r},{a}\n" for d, r, a in rows)).encode()


@pytest.mark.django_db
def test_collect_posts_once_through_payments_and_books_the_ledger(agent):
    bill = make_bill()
    k = key()
    # when
    first = collection_record(agent_user=agent.user, payment_code=bill.payment_code, idempotency_key=k)
    retry = collection_record(agent_user=agent.user, payment_code=bill.payment_code, idempotency_key=k)
    other_device = collection_record(agent_user=agent.user, payment_code=bill.payment_code, idempotency_key=key())
    # then
    assert not first.replayed and retry.replayed and other_device.replayed
    assert retry.collection.pk == first.collection.pk == other_device.collection.pk
    payment = Payment.objects.get(bill=bill)
    assert payment.channel == "agent_cash" and payment.status == PaymentStatus.POSTED
    assert Bill.objects.get(pk=bill.pk).status == BillStatus.PAID
    assert ledger.cash_on_hand_agent(agent) == TOTAL == ledger.cash_on_hand_point(agent.point)
    assert ledger.trial_balance() == 0


@pytest.mark.django_db
def test_same_key_for_another_bill_is_refused(agent):
    k = key()
    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=k)
    with pytest.raises(PartnerError) as exc:
        collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=k)
    assert exc.value.code == "idempotency_key_reused"


@pytest.mark.django_db
def test_bill_paid_online_is_refused_with_when_and_where(agent):
    bill = make_bill()
    payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="VA1", amount=bill.total)
    with pytest.raises(PartnerError) as exc:
        collection_record(agent_user=agent.user, payment_code=bill.payment_code, idempotency_key=key())
    assert exc.value.code == "already_paid"
    assert "sandbox" in exc.value.message and "sudah lunas pada" in exc.value.message
    assert Collection.objects.count() == 0
    assert Payment.objects.filter(bill=bill).count() == 1  # no refund_required record was created


@pytest.mark.django_db
def test_bill_paid_at_another_point_names_that_point(agent, supervisor, make_staff):
    from balai.partners.services import agent_attach

    other_point = make_point(supervisor, name="BUMDes Sumber Rejeki")
    other = agent_attach(user=make_staff(role="agent"), point=other_point, by=supervisor)
    bill = make_bill()
    collection_record(agent_user=other.user, payment_code=bill.payment_code, idempotency_key=key())
    with pytest.raises(PartnerError) as exc:
        collection_record(agent_user=agent.user, payment_code=bill.payment_code, idempotency_key=key())
    assert exc.value.code == "already_paid" and "BUMDes Sumber Rejeki" in exc.value.message


@pytest.mark.django_db
def test_cash_limit_refuses_until_a_deposit_is_recorded(agent):
    # limit 2,000,000: seven bills of 260,000 = 1,820,000; the eighth would exceed it
    for _ in range(7):
        collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    eighth = make_bill()
    with pytest.raises(PartnerError) as exc:
        collection_record(agent_user=agent.user, payment_code=eighth.payment_code, idempotency_key=key())
    assert exc.value.code == "cash_limit"
    assert Bill.objects.get(pk=eighth.pk).status == BillStatus.OPEN
    closing = day_close(by=agent.user)
    # closing alone does not free the limit: the cash is still at the point
    with pytest.raises(PartnerError):
        collection_record(agent_user=agent.user, payment_code=eighth.payment_code, idempotency_key=key())
    deposit_declare(closing=closing, by=agent.user, amount=closing.expected, bank_reference="SLIP-1",
                    deposit_date=timezone.localdate())
    assert not collection_record(agent_user=agent.user, payment_code=eighth.payment_code,
                                 idempotency_key=key()).replayed


@pytest.mark.django_db
def test_suspended_point_takes_no_cash(agent, supervisor):
    from balai.partners.services import point_set_status

    point_set_status(point=agent.point, by=supervisor, status="suspended", reason="audit")
    with pytest.raises(PartnerError) as exc:
        collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    assert exc.value.code == "point_suspended"


@pytest.mark.django_db
def test_void_same_day_reverses_payment_reopens_bill_and_cash(agent, supervisor):
    bill = make_bill()
    collection = collection_record(agent_user=agent.user, payment_code=bill.payment_code,
                                   idempotency_key=key()).collection
    void = void_request(collection=collection, by=agent.user, reason="salah kode bayar")
    with pytest.raises(PartnerError):
        day_close(by=agent.user)  # a pending void blocks closing
    void_decide(void=void, by=supervisor, approve=True, note="uang dikembalikan ke pembayar")
    bill.refresh_from_db()
    assert bill.status == BillStatus.OPEN
    assert Payment.objects.get(bill=bill).status == PaymentStatus.REVERSED
    assert list(BillEvent.objects.filter(bill=bill).values_list("kind", flat=True))[-2:] == [
        "payment.reversed", "bill.reopened"]
    assert ledger.cash_on_hand_agent(agent) == 0 and ledger.trial_balance() == 0
    # the bill can be collected again; the closing then expects only that
    collection_record(agent_user=agent.user, payment_code=bill.payment_code, idempotency_key=key())
    closing = day_close(by=agent.user)
    assert (closing.collections_count, closing.voids_amount, closing.expected) == (2, TOTAL, TOTAL)


@pytest.mark.django_db
def test_void_of_yesterday_is_refused(agent, supervisor, monkeypatch):
    from balai.partners.services import cash

    collection = collection_record(agent_user=agent.user, payment_code=make_bill().payment_code,
                                   idempotency_key=key()).collection
    tomorrow = timezone.localdate() + timedelta(days=1)
    # collections are append-only (a trigger on PostgreSQL): move "today" instead of the row
    monkeypatch.setattr(cash, "local_day", lambda when=None: timezone.localdate(when) if when else tomorrow)
    with pytest.raises(PartnerError) as exc:
        void_request(collection=collection, by=agent.user, reason="lupa")
    assert exc.value.code == "void_too_late"


@pytest.mark.django_db
def test_full_cycle_matched(agent, supervisor):
    for _ in range(2):
        collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    closing = day_close(by=agent.user)
    assert closing.expected == 2 * TOTAL and closing.status == ClosingStatus.NEW
    deposit_declare(closing=closing, by=agent.user, amount=2 * TOTAL, bank_reference="trx 778",
                    deposit_date=timezone.localdate())
    result = statement_import(by=supervisor, file_name="bank.csv",
                              content=csv_for((timezone.localdate().isoformat(), "TRX778", "520.000,00")))
    closing.refresh_from_db()
    assert [c.pk for c in result.reconciled] == [closing.pk] and closing.status == ClosingStatus.RECONCILED
    assert ledger.cash_on_hand_point(agent.point) == 0
    beneficiaries = ledger.balance_of(ledger.Q(kind="beneficiary"))
    assert beneficiaries == 0 and ledger.trial_balance() == 0


@pytest.mark.django_db
def test_short_deposit_is_a_discrepancy_charged_to_the_agent(agent, supervisor):
    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    closing = day_close(by=agent.user)
    closing = deposit_declare(closing=closing, by=agent.user, amount=250_000, bank_reference="S2",
                              deposit_date=timezone.localdate())
    assert closing.status == ClosingStatus.DISCREPANCY and closing.difference == -10_000
    statement_import(by=supervisor, file_name="b.csv", content=csv_for((timezone.localdate(), "S2", 250000)))
    closing.refresh_from_db()
    assert closing.bank_amount == 250_000 and closing.status == ClosingStatus.DISCREPANCY
    closing_resolve(closing=closing, by=supervisor, kind=ResolutionKind.AGENT_SHORTAGE, note="dipotong komisi")
    closing.refresh_from_db()
    assert closing.status == ClosingStatus.RECONCILED
    assert ledger.balance(ledger.agent_receivable(agent)) == 10_000
    assert ledger.balance(ledger.point_cash(agent.point)) == 0
    assert ledger.trial_balance() == 0


@pytest.mark.django_db
def test_bank_shows_less_than_declared_bank_error(agent, supervisor):
    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    closing = day_close(by=agent.user)
    deposit_declare(closing=closing, by=agent.user, amount=TOTAL, bank_reference="S3",
                    deposit_date=timezone.localdate())
    result = statement_import(by=supervisor, file_name="b.csv", content=csv_for((timezone.localdate(), "S3", 200000)))
    assert result.discrepancies and not result.reconciled
    closing.refresh_from_db()
    closing_resolve(closing=closing, by=supervisor, kind=ResolutionKind.BANK_ERROR, note="bank koreksi")
    assert ledger.balance(ledger.bank_clearing(agent.point)) == 0
    assert ledger.trial_balance() == 0


@pytest.mark.django_db
def test_statement_import_refuses_bad_lines_and_duplicates(supervisor):
    with pytest.raises(PartnerError) as exc:
        statement_import(by=supervisor, file_name="b.csv", content=csv_for(("2026-01-01", "X", "12.5")))
    assert exc.value.code == "invalid_file" and "2" in exc.value.message
    content = csv_for(("2026-01-01", "X", "1000"))
    statement_import(by=supervisor, file_name="b.csv", content=content)
    with pytest.raises(PartnerError) as exc:
        statement_import(by=supervisor, file_name="b.csv", content=content)
    assert exc.value.code == "statement_imported"


@pytest.mark.django_db
def test_ledger_rows_are_append_only(agent):
    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    transfer = LedgerTransfer.objects.first()
    with pytest.raises(ValueError):
        transfer.save()
    with pytest.raises(ValueError):
        transfer.delete()
