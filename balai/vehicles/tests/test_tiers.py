"""Tiered tables: the last row is "this and further" for every table, and the 2025
base relief keeps every order at its 2024 level (REFERENCE §3.3 "no increase")."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.vehicles.engine import OPSEN, PKB, VehicleFacts, assess

from .test_properties import facts_strategy

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))
days_2025 = st.dates(min_value=date(2025, 1, 5), max_value=date(2025, 12, 31))


def _with(facts: VehicleFacts, **changes) -> VehicleFacts:
    return VehicleFacts(**{**facts.__dict__, **changes})


@pytest.mark.django_db
@SETTINGS
@given(facts=facts_strategy, due=days, late=st.integers(0, 900), order=st.integers(5, 12))
def test_orders_beyond_the_last_row_pay_as_the_last_row(rules, facts, due, late, order):
    pay = due + timedelta(days=late)
    nth = assess(_with(facts, ownership_order=order), due_date=due, pay_date=pay, rules=rules)
    following = assess(_with(facts, ownership_order=order + 1), due_date=due, pay_date=pay, rules=rules)
    assert [(line.code, line.amount) for line in following.lines] == [(line.code, line.amount) for line in nth.lines]


def _pkb_and_opsen(result) -> int:
    return sum(line.amount for line in result.lines if line.code in (PKB, OPSEN))


@pytest.mark.django_db
@SETTINGS
@given(facts=facts_strategy, day=days_2025, order=st.integers(1, 12))
def test_2025_relief_keeps_every_order_at_its_2024_level(rules, facts, day, order):
    facts = _with(facts, ownership_order=order, use="private")
    rules.programmes = []  # the progressive waiver of the 2025 amnesties is another matter
    in_2025 = assess(facts, due_date=day, pay_date=day, rules=rules)
    in_2024 = assess(facts, due_date=day.replace(year=2024), pay_date=day.replace(year=2024), rules=rules)
    assert in_2025.ownership_order == in_2024.ownership_order
    # PKB and opsen are rounded one by one: together they may differ from the 2024 line by the
    # half rupiah each of them was rounded by, never more.
    assert abs(_pkb_and_opsen(in_2025) - _pkb_and_opsen(in_2024)) <= 1


@pytest.mark.django_db
def test_sixth_car_in_2025_pays_what_the_fifth_pays(rules):
    car = VehicleFacts(category="minibus", cc=1329, use="private", njkb=200_000_000)
    due = date(2025, 3, 1)
    rules.programmes = []
    fifth = assess(_with(car, ownership_order=5), due_date=due, pay_date=due, rules=rules)
    sixth = assess(_with(car, ownership_order=6), due_date=due, pay_date=due, rules=rules)
    # 3.5 % of 210,000,000 in 2024 = 7,350,000: the relief of the 5th-and-further row holds it there.
    assert _pkb_and_opsen(fifth) == _pkb_and_opsen(sixth) == 7_350_000
