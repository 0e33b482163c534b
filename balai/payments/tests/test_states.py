"""The bill's state machine, as a table and against the database (hypothesis)."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.payments.models import Allocation, Bill, BillEvent, Payment
from balai.payments.services import PaymentError, bill_cancel, bills_expire_overdue, payment_post
from balai.payments.states import (
    FINAL_STATES,
    TRANSITIONS,
    BillAction,
    BillStatus,
    IllegalTransition,
    PaymentStatus,
    transition,
)

from .factories import make_bill


@given(st.lists(st.sampled_from(list(BillAction)), max_size=10))
def test_transition_table_only_leaves_open_and_final_states_are_final(actions):
    state = BillStatus.OPEN
    for action in actions:
        if state in FINAL_STATES:
            with pytest.raises(IllegalTransition):
                transition(state, action)
        else:
            state, event = transition(state, action)
            assert event == f"bill.{state}"
    assert state in {BillStatus.OPEN, *FINAL_STATES}


def test_every_edge_names_its_event_and_starts_at_open():
    for (source, _action), (target, event) in TRANSITIONS.items():
        assert source == BillStatus.OPEN and target in FINAL_STATES and event.startswith("bill.")
    for state, action in itertools.product(FINAL_STATES, BillAction):
        assert (state, action) not in TRANSITIONS


OPS = st.lists(st.one_of(
    st.tuples(st.just("pay"), st.sampled_from(["A", "B", "C"]), st.sampled_from([0, -1, 1, 1000])),
    st.tuples(st.just("cancel")),
    st.tuples(st.just("expire")),
), max_size=8)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_keeps_money_consistent(ops, make_staff):
    supervisor = make_staff(role="supervisor")
    bill = make_bill()
    answers: dict[str, str] = {}
    for op in ops:
        if op[0] == "pay":
            _, ref, delta = op
            result = payment_post(payment_code=bill.payment_code, channel="teller", external_ref=f"{bill.payment_code}-{ref}",
                                  amount=bill.total + delta)
            # the same reference always gets its first answer
            answers.setdefault(ref, result.outcome)
            assert result.outcome == answers[ref]
        elif op[0] == "cancel":
            try:
                bill_cancel(bill=bill, by=supervisor, reason="uji")
            except PaymentError as exc:
                assert exc.code == "bill_not_open"
        else:
            Bill.objects.filter(pk=bill.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
            bills_expire_overdue()
    bill.refresh_from_db()
    posted = list(Payment.objects.filter(bill=bill, status=PaymentStatus.POSTED))
    assert len(posted) <= 1
    assert (bill.status == BillStatus.PAID) == (len(posted) == 1)
    for payment in posted:
        assert payment.amount == bill.total
        assert sum(Allocation.objects.filter(payment=payment).values_list("amount", flat=True)) == payment.amount
    # every non-posted payment is either a mismatch or money for a closed bill
    for payment in Payment.objects.filter(bill=bill).exclude(status=PaymentStatus.POSTED):
        assert (payment.status, payment.reason) in {
            (PaymentStatus.REJECTED, "amount_mismatch"), (PaymentStatus.REFUND_REQUIRED, "bill_already_paid"),
            (PaymentStatus.REFUND_REQUIRED, "bill_expired"), (PaymentStatus.REFUND_REQUIRED, "bill_cancelled")}
    # the timeline has exactly one state change, or none while open
    changes = BillEvent.objects.filter(bill=bill, kind__in=["bill.paid", "bill.expired", "bill.cancelled"])
    assert changes.count() == (0 if bill.status == BillStatus.OPEN else 1)
    if bill.status != BillStatus.OPEN:
        assert changes.get().kind == f"bill.{bill.status}"


@pytest.mark.django_db
def test_events_are_append_only():
    bill = make_bill()
    event = BillEvent.objects.filter(bill=bill).first()
    event.reason = "edited"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
