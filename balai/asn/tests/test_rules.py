"""The date rules of REFERENCE §12: golden examples and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balai.asn import engine

from .rulesets import seeded_rules

RULES = seeded_rules()
POSITIONS = [("administrative", ""), ("senior_executive", ""), ("functional", "skilled"),
             ("functional", "ahli_pertama"), ("functional", "ahli_muda"), ("functional", "ahli_madya"),
             ("functional", "ahli_utama")]


def test_administrative_post_born_12_march_1968_retires_1_april_2026():
    result = engine.retirement(RULES, birth_date=date(1968, 3, 12), position_type="administrative")
    assert (result.age, result.tmt) == (58, date(2026, 4, 1))
    assert "PP 11/2017" in result.age_rule.regulation
    assert result.tmt_rule.unconfirmed


def test_ahli_madya_born_31_january_1966_retires_1_february_2026():
    result = engine.retirement(RULES, birth_date=date(1966, 1, 31), position_type="functional",
                               functional_level="ahli_madya")
    assert (result.age, result.tmt) == (60, date(2026, 2, 1))


@pytest.mark.parametrize(("position", "level", "age"), [
    ("administrative", "", 58), ("functional", "skilled", 58), ("functional", "ahli_pertama", 58),
    ("functional", "ahli_muda", 58), ("functional", "ahli_madya", 60), ("functional", "ahli_utama", 65),
    ("senior_executive", "", 60)])
def test_retirement_age_by_position(position, level, age):
    assert engine.retirement(RULES, birth_date=date(1970, 6, 15), position_type=position,
                             functional_level=level).age == age


def test_rank_tmt_1_april_2022_with_two_good_ratings_first_period_1_april_2026():
    result = engine.promotion(RULES, rank_tmt=date(2022, 4, 1), ratings=("baik", "baik"))
    assert result.ratings_ok
    assert result.eligible_on == date(2026, 4, 1)
    assert result.period == date(2026, 4, 1)
    assert "Peraturan BKN 4/2023" in result.period_rule.regulation


def test_rank_tmt_15_april_2022_first_period_1_june_2026():
    assert engine.promotion(RULES, rank_tmt=date(2022, 4, 15), ratings=("baik", "sangat_baik")).period \
        == date(2026, 6, 1)


def test_before_2024_only_april_and_october():
    assert engine.promotion(RULES, rank_tmt=date(2018, 4, 15), ratings=("baik", "baik")).period == date(2022, 10, 1)
    # eligible in November 2023: the old rule has no December; January 2024 has no period; 1 February 2024 does
    assert engine.next_period(RULES, date(2023, 11, 2))[0] == date(2024, 2, 1)


def test_a_rating_below_good_is_not_eligible():
    assert not engine.promotion(RULES, rank_tmt=date(2022, 4, 1), ratings=("baik", "butuh_perbaikan")).ratings_ok


def test_twenty_lesson_hours_a_year():
    assert engine.jp_required(RULES, 2026) == 20
    with pytest.raises(engine.RuleError):
        engine.jp_required(RULES, 2019)


def test_a_gap_in_the_rules_is_an_error():
    empty = engine.RuleSet(())
    with pytest.raises(engine.RuleError):
        engine.retirement(empty, birth_date=date(1970, 1, 1), position_type="administrative")


births = st.dates(min_value=date(1960, 1, 1), max_value=date(2005, 12, 31))


@given(births, st.sampled_from(POSITIONS))
def test_pension_tmt_is_the_first_of_the_month_after_the_birthday_month(born, position):
    result = engine.retirement(RULES, birth_date=born, position_type=position[0], functional_level=position[1])
    assert result.tmt.day == 1
    assert result.reached_on < result.tmt <= result.reached_on + timedelta(days=31)
    assert (result.tmt.year * 12 + result.tmt.month) - (born.year + result.age) * 12 - born.month == 1
    assert result.age in (58, 60, 65)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
       st.sampled_from(["sangat_baik", "baik"]), st.sampled_from(["sangat_baik", "baik"]))
def test_the_period_is_the_earliest_period_on_or_after_four_years(tmt, r1, r2):
    result = engine.promotion(RULES, rank_tmt=tmt, ratings=(r1, r2))
    assert result.ratings_ok
    assert result.eligible_on == engine.add_years(tmt, 4)
    assert result.period >= result.eligible_on and result.period.day == 1
    months = engine.promotion_periods(RULES, result.period)
    assert result.period.month in months
    day = result.eligible_on
    while day < result.period:  # no period month in between
        if day.day == 1:
            assert day.month not in engine.promotion_periods(RULES, day)
        day += timedelta(days=1)
    assert result.period - result.eligible_on < timedelta(days=185)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
       st.dates(min_value=date(2024, 1, 1), max_value=date(2035, 12, 31)))
def test_a_period_asked_on_a_later_day_is_never_before_that_day(tmt, today):
    result = engine.promotion(RULES, rank_tmt=tmt, ratings=("baik", "baik"), today=today)
    assert result.period >= max(today, result.eligible_on)
