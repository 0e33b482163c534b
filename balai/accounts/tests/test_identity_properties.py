"""Properties of register matching: whatever is wrong, the answer is the same and names
no field; the N-th failure locks, and a lock holds even for the right data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.accounts import identity
from balai.accounts.identity_services import MatchOutcome, MatchResult, identity_match

from .test_identity import DOB, KK, NIK, FakeRegister

RIGHT = ("Siti Aminah", DOB, KK)
names = st.sampled_from(["Siti Aminah", "Siti Aminah Putri", "Sity Aminah", "Aminah", "S. Aminah"])
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2010, 12, 31))
kks = st.sampled_from([KK, "3578080101200002", "3578080101209999", "3507010101200001"])
attempts = st.tuples(names, dates, kks).filter(lambda t: (t[0].upper(), t[1], t[2]) != (RIGHT[0].upper(), DOB, KK))


@pytest.fixture
def register():
    previous = identity.register_source()
    identity.set_register_source(FakeRegister())
    yield
    identity.set_register_source(previous)


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wrong=st.lists(attempts, min_size=1, max_size=4))
def test_any_wrong_data_gets_the_same_answer_naming_no_field(register, make_citizen, wrong):
    with override_settings(IDENTITY_MATCH_MAX_FAILURES=5, IDENTITY_MATCH_MAX_FAILURES_PER_NIK=10_000):
        user = make_citizen(nik=NIK)
        for i, (name, born, kk) in enumerate(wrong):
            result = identity_match(user=user, full_name=name, birth_date=born, kk_number=kk)
            # the result is the outcome and a count: nothing in it can tell which field differed
            assert result == MatchResult(MatchOutcome.MISMATCH, remaining=5 - (i + 1))


@pytest.mark.django_db
@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=st.integers(min_value=1, max_value=6), wrong=attempts)
def test_the_nth_failure_locks_and_the_lock_holds_for_the_right_data(register, make_citizen, limit, wrong):
    with override_settings(IDENTITY_MATCH_MAX_FAILURES=limit, IDENTITY_MATCH_MAX_FAILURES_PER_NIK=1000):
        user = make_citizen(nik=NIK)
        name, born, kk = wrong
        outcomes = [identity_match(user=user, full_name=name, birth_date=born, kk_number=kk).outcome
                    for _ in range(limit)]
        assert outcomes == [MatchOutcome.MISMATCH] * (limit - 1) + [MatchOutcome.LOCKED]
        right = identity_match(user=user, full_name=RIGHT[0], birth_date=DOB, kk_number=KK)
        assert right.outcome == MatchOutcome.LOCKED and right.locked_until is not None
        # one failure fewer than the limit never locks: the right data still match
        other = make_citizen(nik=NIK)
        for _ in range(limit - 1):
            identity_match(user=other, full_name=name, birth_date=born, kk_number=kk)
        assert identity_match(user=other, full_name=RIGHT[0], birth_date=DOB, kk_number=KK).outcome in (
            MatchOutcome.MATCHED, MatchOutcome.HELD_BY_MATCHED)
