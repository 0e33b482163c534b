"""The ASN date rules (REFERENCE §12): retirement age and TMT, the earliest promotion period, the
yearly lesson hours. Pure: no database, no clock; ``rules.rules_load()`` builds a ``RuleSet``
from the dated ``AsnRule`` rows, tests build their own.

A rule is looked up by key, the date it applies on, and a qualifier, most specific first
(``functional:ahli_madya``, then ``functional``, then empty = every case).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


class RuleError(LookupError):
    """No rule row covers a date the computation needs (a gap in the tables)."""


@dataclass(frozen=True)
class Rule:
    rule_id: str
    key: str
    qualifier: str
    value: Any
    valid_from: date
    valid_to: date | None
    regulation: str
    unconfirmed: bool = False

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def pick(self, key: str, day: date, *qualifiers: str) -> Rule:
        for qualifier in (*qualifiers, ""):
            found = [r for r in self.rules if r.key == key and r.qualifier == qualifier and r.covers(day)]
            if found:
                return max(found, key=lambda r: r.valid_from)
        raise RuleError(f"no {key} rule for {qualifiers or 'any'} on {day}")


# Rating order (best first) as in models.RATING_ORDER; repeated here so the engine stays pure.
RATINGS = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 1 March in a common year (the
    day after 28 February is when the anniversary has passed)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def first_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# --- retirement -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Retirement:
    age: int
    reached_on: date
    tmt: date
    age_rule: Rule
    tmt_rule: Rule


def position_qualifiers(position_type: str, functional_level: str = "") -> tuple[str, ...]:
    if functional_level:
        return (f"{position_type}:{functional_level}", position_type)
    return (position_type,)


def retirement(rules: RuleSet, *, birth_date: date, position_type: str, functional_level: str = "") -> Retirement:
    """BUP by position type (PP 11/2017 Art. 239 as amended by PP 17/2020): the age row in force on
    the day the person would reach it; TMT by the pension-TMT row (first day of the month after
    the month the age is reached — UNCONFIRMED article). Ages are looked up at the 58th birthday
    first, then at the age found, so a change of the rule between the two is honoured."""
    qualifiers = position_qualifiers(position_type, functional_level)
    age_rule = rules.pick("retirement_age", add_years(birth_date, 58), *qualifiers)
    reached = add_years(birth_date, int(age_rule.value))
    age_rule = rules.pick("retirement_age", reached, *qualifiers)
    age = int(age_rule.value)
    reached = add_years(birth_date, age)
    tmt_rule = rules.pick("pension_tmt", reached)
    if tmt_rule.value != "first_of_next_month":
        raise RuleError(f"unknown pension TMT rule {tmt_rule.value!r}")
    # The month after the birthday's month: a birthday on the 1st still retires on the next 1st.
    tmt = first_of_next_month(date(reached.year, reached.month, 1))
    return Retirement(age=age, reached_on=reached, tmt=tmt, age_rule=age_rule, tmt_rule=tmt_rule)


# --- promotion --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Promotion:
    eligible_on: date  # the day the years in rank are complete
    period: date  # the earliest promotion period on or after it
    ratings_ok: bool
    years_rule: Rule
    rating_rule: Rule
    period_rule: Rule


def rating_at_least(rating: str, minimum: str) -> bool:
    return rating in RATINGS and RATINGS.index(rating) <= RATINGS.index(minimum)


def promotion_periods(rules: RuleSet, day: date) -> list[int]:
    return sorted(int(m) for m in rules.pick("promotion_months", day).value)


def next_period(rules: RuleSet, day: date) -> tuple[date, Rule]:
    """The first promotion period (a first day of a month listed by the row in force then) on or
    after ``day`` (Peraturan BKN 4/2023 Art. 2: six a year from 2024, two before)."""
    candidate = day if day.day == 1 else first_of_next_month(day)
    for _step in range(24):
        rule = rules.pick("promotion_months", candidate)
        if candidate.month in {int(m) for m in rule.value}:
            return candidate, rule
        candidate = first_of_next_month(candidate)
    raise RuleError(f"no promotion period within two years of {day}")


def promotion(rules: RuleSet, *, rank_tmt: date, ratings: tuple[str, str], today: date | None = None) -> Promotion:
    """Regular promotion (PP 99/2000 as amended by PP 12/2002): ``years`` in the current rank and
    both of the last two SKP ratings at least the minimum; the period is the earliest one on or
    after the day the years are complete (and not before ``today`` when given)."""
    years_rule = rules.pick("promotion_years", rank_tmt)
    eligible_on = add_years(rank_tmt, int(years_rule.value))
    years_rule = rules.pick("promotion_years", eligible_on)
    eligible_on = add_years(rank_tmt, int(years_rule.value))
    rating_rule = rules.pick("promotion_rating", eligible_on)
    ratings_ok = all(rating_at_least(r, str(rating_rule.value)) for r in ratings)
    period, period_rule = next_period(rules, max(eligible_on, today) if today else eligible_on)
    return Promotion(eligible_on=eligible_on, period=period, ratings_ok=ratings_ok, years_rule=years_rule,
                     rating_rule=rating_rule, period_rule=period_rule)


def next_rank(rank: str, order: list[str]) -> str | None:
    index = order.index(rank)
    return order[index + 1] if index + 1 < len(order) else None


# --- training ---------------------------------------------------------------------------------

def jp_required(rules: RuleSet, year: int) -> int:
    """Lesson hours of competence development per year (PP 17/2020 Art. 203(4))."""
    return int(rules.pick("training_jp", date(year, 12, 31)).value)
