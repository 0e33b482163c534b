"""The date rules of SIM and passports (REFERENCE §5): golden examples and properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from balai.mobility import rules
from balai.mobility.rules import SimPhase

DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))
WINDOWS = st.integers(min_value=0, max_value=365)


def test_a_sim_issued_10_february_2022_expires_10_february_2027():
    # Perpol 5/2021 Art. 4: five years from the date of issue
    assert rules.sim_expiry(dt.date(2022, 2, 10)) == dt.date(2027, 2, 10)


def test_its_renewal_window_opens_on_the_day_the_setting_says():
    expiry = rules.sim_expiry(dt.date(2022, 2, 10))
    assert rules.renewal_opens(expiry, 90) == dt.date(2026, 11, 12)
    assert rules.renewal_opens(expiry, 30) == dt.date(2027, 1, 11)
    issued = dt.date(2022, 2, 10)
    assert rules.sim_phase(issued, dt.date(2026, 11, 11), 90) == SimPhase.VALID
    assert rules.sim_phase(issued, dt.date(2026, 11, 12), 90) == SimPhase.RENEWABLE
    assert rules.sim_phase(issued, dt.date(2027, 2, 10), 90) == SimPhase.RENEWABLE  # valid on its last day
    assert rules.sim_phase(issued, dt.date(2027, 2, 11), 90) == SimPhase.EXPIRED


def test_a_sim_issued_on_29_february_expires_on_28_february():
    assert rules.sim_expiry(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)


def test_passport_reminders_nine_and_seven_months_before_clamped_to_month_end():
    assert rules.passport_reminder_dates(dt.date(2030, 7, 31), (9, 7)) == [dt.date(2029, 10, 31),
                                                                        dt.date(2029, 12, 31)]
    assert rules.passport_reminder_dates(dt.date(2031, 5, 31), (9, 7)) == [dt.date(2030, 8, 31),
                                                                        dt.date(2030, 10, 31)]
    assert rules.passport_reminder_dates(dt.date(2030, 11, 30), (9,)) == [dt.date(2030, 2, 28)]


def test_the_billing_code_lapses_two_hours_after_it_appears():
    at = dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.UTC)
    assert rules.billing_deadline(at, 2) == dt.datetime(2026, 3, 2, 11, 15, tzinfo=dt.UTC)


@given(DATES)
def test_expiry_is_five_years_on_and_never_later_than_the_anniversary(issued):
    expiry = rules.sim_expiry(issued)
    assert expiry.year == issued.year + 5
    assert (expiry.month, expiry.day) == (issued.month, issued.day) or (issued.month, issued.day) == (2, 29)
    assert 1825 <= (expiry - issued).days <= 1827


@given(DATES, DATES, WINDOWS)
def test_the_phase_follows_the_calendar(issued, today, window):
    phase = rules.sim_phase(issued, today, window)
    expiry = rules.sim_expiry(issued)
    assert (phase == SimPhase.EXPIRED) == (today > expiry)
    if phase == SimPhase.RENEWABLE:
        assert expiry - dt.timedelta(days=window) <= today <= expiry
    if phase == SimPhase.VALID:
        assert today < expiry - dt.timedelta(days=window)


@given(DATES, WINDOWS, st.integers(min_value=0, max_value=4000))
def test_phases_only_move_forward(issued, window, step):
    order = [SimPhase.VALID, SimPhase.RENEWABLE, SimPhase.EXPIRED]
    day = issued + dt.timedelta(days=step)
    later = day + dt.timedelta(days=1)
    assert order.index(rules.sim_phase(issued, day, window)) <= order.index(rules.sim_phase(issued, later, window))


@given(DATES, st.integers(min_value=1, max_value=24))
def test_months_before_lands_in_the_right_month_and_never_after_the_day(expiry, months):
    day = rules.add_months(expiry, -months)
    assert (expiry.year * 12 + expiry.month) - (day.year * 12 + day.month) == months
    assert day.day <= expiry.day
    assert day < expiry


@given(DATES)
def test_sim_reminders_come_before_expiry_in_order(issued):
    dates = rules.sim_reminder_dates(issued, (90, 14))
    assert dates == sorted(dates) and all(d < rules.sim_expiry(issued) for d in dates)


@given(DATES, st.sampled_from([5, 10]), st.integers(min_value=-10, max_value=10))
def test_a_printed_expiry_is_plausible_only_near_issue_plus_validity(issued, years, offset):
    printed = rules.add_years(issued, years) + dt.timedelta(days=offset)
    assert rules.passport_expiry_plausible(issued, printed, years) == (abs(offset) <= 3)
