"""Property tests (hypothesis): the ledger always balances; reconciliation arithmetic."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.partners import ledger
from balai.partners.models import ClosingStatus, DayClosing, ResolutionKind, VoidRequest
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
from balai.partners.services.closing import parse_amount

from .factories import key, make_bill

OPS = st.lists(st.one_of(
    st.tuples(st.just("collect"), st.integers(min_value=1_000, max_value=900_000)),
    st.tuples(st.just("void"), st.booleans()),
    st.tuples(st.just("close")),
    st.tuples(st.just("deposit"), st.integers(min_value=-50_000, max_value=50_000)),
    st.tuples(st.just("statement"), st.integers(min_value=-50_000, max_value=50_000)),
    st.tuples(st.just("resolve"), st.sampled_from(list(ResolutionKind))),
), min_size=1, max_size=14)

_counter = {"n": 0}


def _ref():
    _counter["n"] += 1
    return f"REF{_counter['n']}"


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_keeps_the_ledger_balanced_and_cash_consistent(ops, agent, supervisor):
    collections, closed = [], []
    for op in ops:
        try:
            if op[0] == "collect":
                bill = make_bill(lines=[("pkb", "PKB", op[1] - op[1] // 3), ("opsen_pkb", "Opsen", op[1] // 3)])
                collections.append(collection_record(agent_user=agent.user, payment_code=bill.payment_code,
                                                     idempotency_key=key()).collection)
            elif op[0] == "void" and collections:
                void = void_request(collection=collections[-1], by=agent.user, reason="uji")
                void_decide(void=void, by=supervisor, approve=op[1], note="uji")
            elif op[0] == "close":
                closed.append(day_close(by=agent.user))
            elif op[0] == "deposit" and closed:
                c = closed[-1]
                deposit_declare(closing=c, by=agent.user, amount=max(1, c.expected + op[1]), bank_reference=_ref(),
                                deposit_date=timezone.localdate())
            elif op[0] == "statement" and closed:
                c = DayClosing.objects.get(pk=closed[-1].pk)
                if c.bank_reference:
                    content = f"tanggal,referensi,jumlah\n{timezone.localdate()},{c.bank_reference}," \
                              f"{max(0, c.declared_amount + op[1])}\n{timezone.localdate()},{_ref()},1\n"
                    statement_import(by=supervisor, file_name="b.csv", content=content.encode())
            elif op[0] == "resolve" and closed:
                closing_resolve(closing=closed[-1], by=supervisor, kind=op[1], note="uji")
        except PartnerError:
            pass
        # invariants after every step
        assert ledger.trial_balance() == 0
        assert ledger.cash_on_hand_point(agent.point) <= agent.point.cash_limit
    # reconciliation arithmetic, per closing
    for c in DayClosing.objects.filter(agent=agent):
        assert c.expected == c.collections_amount - c.voids_amount >= 0
        approved = VoidRequest.objects.filter(status="approved", collection__agent=agent,
                                              collection__pk__gt=c.after_collection_id,
                                              collection__pk__lte=c.upto_collection_id)
        assert c.voids_amount == sum(v.collection.amount for v in approved)
        if c.status == ClosingStatus.RECONCILED and c.expected:
            assert c.resolution_kind or (c.bank_amount == c.declared_amount == c.expected)
        if c.status == ClosingStatus.DEPOSITED:
            assert c.declared_amount == c.expected
    # the agent's open cash equals what closing now would expect
    from balai.partners.services.closing import closing_preview

    assert ledger.cash_on_hand_agent(agent) == closing_preview(agent)["expected"]
    # once every closing is reconciled, nothing is left at the point or owed to beneficiaries beyond open cash
    if all(c.status == ClosingStatus.RECONCILED for c in DayClosing.objects.filter(agent=agent)):
        assert ledger.balance(ledger.point_cash(agent.point)) == 0
        # what was collected and not voided, less what was settled, is still owed to the beneficiaries
        assert ledger.balance_of(ledger.Q(kind="beneficiary")) == -ledger.cash_on_hand_agent(agent)


@given(st.integers(min_value=0, max_value=10**13))
def test_parse_amount_reads_every_bank_format_exactly(n):
    dotted = f"{n:,}".replace(",", ".")
    assert parse_amount(str(n)) == parse_amount(dotted) == parse_amount(dotted + ",00") == n


@given(st.text(alphabet="0123456789.,-e ", min_size=1, max_size=12))
def test_parse_amount_never_guesses(text):
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert isinstance(value, int) and value >= 0
