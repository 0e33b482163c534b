import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.payments.allocation import apportion
from balai.payments.models import Allocation
from balai.payments.services import payment_post

from .factories import make_bill

HEADS = ["pkb", "opsen_pkb", "swdkllj", "pnbp", "pkb_sanksi", "swdkllj_denda"]


@given(st.integers(min_value=0, max_value=10**13), st.lists(st.integers(min_value=0, max_value=10**11), min_size=1,
                                                             max_size=12).filter(lambda w: sum(w) > 0))
def test_apportion_always_sums_to_the_amount(amount, weights):
    shares = apportion(amount, weights)
    assert sum(shares) == amount
    assert all(isinstance(s, int) and s >= 0 for s in shares)
    # no share is more than one rupiah away from its exact proportional value
    total = sum(weights)
    assert all(abs(s * total - amount * w) < total for s, w in zip(shares, weights, strict=True))


@given(st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=10))
def test_apportion_of_the_total_gives_each_line_its_amount(amounts):
    assert apportion(sum(amounts), amounts) == amounts


def test_apportion_refuses_nonsense():
    for args in [(-1, [1]), (1, []), (1, [0, 0]), (1, [-1, 2])]:
        with pytest.raises(ValueError):
            apportion(*args)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(HEADS), st.integers(min_value=1, max_value=50_000_000)), min_size=1,
                max_size=8), st.sampled_from(["3578", "3507", "3501"]))
def test_posted_allocation_sums_to_the_amount_paid(lines, regency):
    bill = make_bill(lines=[(h, h, a) for h, a in lines], regency_code=regency)
    result = payment_post(payment_code=bill.payment_code, channel="teller", external_ref=bill.payment_code,
                          amount=bill.total)
    allocations = Allocation.objects.filter(payment=result.payment).select_related("beneficiary")
    assert sum(a.amount for a in allocations) == result.payment.amount == bill.total
    for allocation in allocations:
        if allocation.tax_head.startswith("opsen"):
            assert allocation.beneficiary.regency_code == regency
