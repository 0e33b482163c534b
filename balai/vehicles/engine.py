"""The PKB assessment engine: vehicle facts + a date + the dated rules → lines per tax year.

Pure: no database, no clock, no settings. ``rules_load()`` (rules.py) builds a ``RuleSet`` from
the rule tables; tests build their own.

Tax years. ``due_date`` is the first unpaid annual due date. Every anniversary up to the pay
date is a tax year in arrears (payment is accepted until 24:00 on a due date, so a pay date equal
to a due date pays that year on time); paying before the first due date pays one year. Each tax
year is assessed with the rules valid on *its* due date (invariant 6: an arrear from 2023 is
computed with 2023's rules; the 4/5 January 2025 boundary falls out of that). Relief programmes
(pemutihan) are chosen by the *pay* date: they are offers to people who pay during them.

Every rule is a dated row (rules.py loads them): rates and reliefs per ownership order (the last
row of a tiered table is "this and further"), opsen and reliefs per tax (PKB, BBNKB), the SWDKLLJ
classification with its cc thresholds, the progressive cc threshold, the treasury of each penalty
line, the penalty cap (blank: none; an unconfirmed cap is reported when it lowers an amount) and
BBNKB rates (``assess_bbnkb``). Each tax year is valued at the NJKB row in force on its due date
(``VehicleFacts.njkb_schedule``, ``njkb_for``), the nearest earlier row when none is.

Rounding convention (REFERENCE §3.10 leaves the Samsat convention UNCONFIRMED; configurable
through ``Rounding``, default = what reproduces §3.10):
- every amount is computed exactly (``Fraction``) and rounded once, to ``unit`` rupiah,
  half up by default;
- opsen is 66 % of the *exact* PKB principal (``opsen_basis="exact"``): that gives §3.10 B's
  1,252,410; opsen on the rounded principal would give 1,252,409;
- penalties are computed on the rounded (billed) tax (``penalty_basis="rounded"``).

Hot path. The rule arithmetic of one tax year depends on the vehicle only through a few
facts; it is compiled once into integer fractions (``_YearPlan``) and cached on the rule set, so
assessing a vehicle is a handful of integer operations (bulk assessment of millions).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import NamedTuple

# Line codes, in the order they appear within a tax year.
PKB, OPSEN, PKB_PENALTY, OPSEN_PENALTY, SWDKLLJ, SWDKLLJ_PENALTY = (
    "pkb", "opsen_pkb", "pkb_penalty", "opsen_pkb_penalty", "swdkllj", "swdkllj_penalty")
LINE_CODES = (PKB, OPSEN, PKB_PENALTY, OPSEN_PENALTY, SWDKLLJ, SWDKLLJ_PENALTY)
LABELS = {
    PKB: "PKB pokok",
    OPSEN: "Opsen PKB",
    PKB_PENALTY: "Sanksi administratif PKB",
    OPSEN_PENALTY: "Sanksi administratif opsen PKB",
    SWDKLLJ: "SWDKLLJ (termasuk biaya kartu)",
    SWDKLLJ_PENALTY: "Denda SWDKLLJ",
}
# Beneficiary account codes (balai.payments.beneficiaries): split at source (REFERENCE §3.3, §4.5).
PROVINCE = "RKUD-35"
JASA_RAHARJA = "JR-JATIM"

TWO_THREE_WHEEL = "2-3"
FOUR_WHEEL = "4+"
EXEMPT = "exempt"

# BBNKB (transfer-of-ownership tax) lines: a transfer, not a tax year.
BBNKB, OPSEN_BBNKB = "bbnkb", "opsen_bbnkb"
FIRST_TRANSFER, LATER_TRANSFER = "first", "later"
# Treasuries a penalty line may go to (PenaltyBeneficiary rows).
TO_PROVINCE, TO_REGENCY = "province", "regency"

CATEGORY_WHEELS = {
    "motorcycle": 2, "tricycle": 3, "sedan": 4, "jeep": 4, "minibus": 4, "blind_van": 4, "pickup": 4,
    "microbus": 4, "bus": 6, "light_truck": 4, "truck": 6, "tow_truck": 6, "heavy_equipment": 4,
}


class RuleError(LookupError):
    """No rule row covers a date the assessment needs (a gap in the tables)."""


# --- rules ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    rule_id: str
    valid_from: date
    valid_to: date | None
    regulation: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class PkbRate(Rule):
    ownership_order: int  # the highest order is "this and further"
    rate: Fraction


@dataclass(frozen=True)
class OpsenRate(Rule):
    rate: Fraction
    tax: str = "pkb"  # pkb | bbnkb


@dataclass(frozen=True)
class BaseRelief(Rule):
    factor: Fraction
    ownership_order: int | None = None  # None: every order
    tax: str = "pkb"  # pkb | bbnkb


@dataclass(frozen=True)
class ProgressiveRule(Rule):
    cc_threshold: int  # 2/3-wheelers above this are progressive (§3.3, ">250 cc")


@dataclass(frozen=True)
class SwdklljClass(Rule):
    """One classification row (PMK 16/2017): the first row by position that matches decides."""
    position: int
    categories: frozenset[str]  # empty: every category
    uses: frozenset[str]  # empty: every use
    cc_up_to: int | None
    class_code: str

    def matches(self, category: str, cc: int, use: str) -> bool:
        return ((not self.categories or category in self.categories) and (not self.uses or use in self.uses)
                and (self.cc_up_to is None or cc <= self.cc_up_to))


@dataclass(frozen=True)
class PenaltyBeneficiary(Rule):
    line_code: str
    treasury: str  # TO_PROVINCE | TO_REGENCY
    unconfirmed: bool = False


@dataclass(frozen=True)
class BbnkbRate(Rule):
    transfer: str  # FIRST_TRANSFER | LATER_TRANSFER
    rate: Fraction


@dataclass(frozen=True)
class Bobot(Rule):
    category: str
    factor: Fraction


@dataclass(frozen=True)
class SwdklljTariff(Rule):
    class_code: str
    contribution: int
    card_fee: int


@dataclass(frozen=True)
class SwdklljLate(Rule):
    days_from: int
    days_to: int | None
    rate: Fraction
    cap: int


@dataclass(frozen=True)
class Penalty(Rule):
    monthly_rate: Fraction
    max_months: int | None  # None: no cap
    cap_unconfirmed: bool = False  # the cap has no confirmed source: pages say when it changes an amount


@dataclass(frozen=True)
class Programme(Rule):
    name: str
    waive_pkb_penalty: bool = False
    waive_swdkllj_penalty: bool = False
    waive_progressive: bool = False
    swdkllj_arrears_one_year: bool = False
    discount_two_three_wheel: Fraction = Fraction(0)
    discount_four_wheel: Fraction = Fraction(0)
    wheel_groups: tuple[str, ...] = ()  # empty: every vehicle


@dataclass(frozen=True)
class PnbpFee(Rule):
    item: str
    wheel_group: str
    amount: int


@dataclass(frozen=True)
class Rounding:
    unit: int = 1
    mode: str = "half_up"  # half_up | down | up
    opsen_basis: str = "exact"  # exact | rounded
    penalty_basis: str = "rounded"  # rounded | exact

    def __call__(self, value: Fraction) -> int:
        value = Fraction(value)
        return self.ratio(value.numerator, value.denominator)

    def ratio(self, num: int, den: int) -> int:
        """Round num/den (integers, den > 0) to the unit: the hot path, no Fraction objects."""
        den *= self.unit
        if self.mode == "half_up":
            n = (2 * num + den) // (2 * den)
        elif self.mode == "down":
            n = num // den
        elif self.mode == "up":
            n = -((-num) // den)
        else:
            raise ValueError(f"unknown rounding mode {self.mode!r}")
        return int(n) * self.unit


@dataclass
class RuleSet:
    pkb_rates: list[PkbRate]
    opsen_rates: list[OpsenRate]
    reliefs: list[BaseRelief]
    bobots: list[Bobot]
    swdkllj_tariffs: list[SwdklljTariff]
    swdkllj_late: list[SwdklljLate]
    penalties: list[Penalty]
    programmes: list[Programme] = field(default_factory=list)
    pnbp_fees: list[PnbpFee] = field(default_factory=list)
    swdkllj_classes: list[SwdklljClass] = field(default_factory=list)
    progressive_rules: list[ProgressiveRule] = field(default_factory=list)
    penalty_beneficiaries: list[PenaltyBeneficiary] = field(default_factory=list)
    bbnkb_rates: list[BbnkbRate] = field(default_factory=list)
    rounding: Rounding = field(default_factory=Rounding)
    _plans: dict = field(default_factory=dict, repr=False, compare=False)


def _one(rows, day: date, what: str, **match):
    found = [r for r in rows if r.covers(day) and all(getattr(r, k) == v for k, v in match.items())]
    if not found:
        raise RuleError(f"no {what} rule for {match or ''} on {day.isoformat()}")
    return max(found, key=lambda r: r.valid_from)  # the most specific (latest-starting) row wins


def _tier(rows, day: date, order: int) -> int:
    """The row order that applies to ``order``: every tiered table's last row on ``day`` is "this
    and further" (5th and further in Perda 8/2023 and 9/2010), for rates and reliefs alike."""
    top = max((r.ownership_order for r in rows if r.covers(day) and r.ownership_order is not None), default=order)
    return min(order, top)


def _maybe(rows, day: date, **match):
    found = [r for r in rows if r.covers(day) and all(getattr(r, k) == v for k, v in match.items())]
    return max(found, key=lambda r: r.valid_from) if found else None


# --- facts and results ------------------------------------------------------------------------

@dataclass(frozen=True)
class NjkbValue:
    """One row of the dated NJKB list for the vehicle's make, model and year of manufacture."""
    amount: int
    valid_from: date
    valid_to: date | None
    rule_id: str = ""
    regulation: str = ""


@dataclass(frozen=True)
class NjkbUsed:
    """The NJKB a tax year was valued at; ``carried`` when no row was in force on its due date and
    the nearest earlier row was used (the breakdown says so)."""
    amount: int
    valid_from: date
    carried: bool = False
    rule_id: str = ""


@dataclass(frozen=True)
class VehicleFacts:
    category: str
    cc: int
    use: str
    njkb: int  # the NJKB of the first tax year; every year when there is no schedule
    ownership_order: int = 1
    regency_code: str = "3578"
    # The dated NJKB rows of the vehicle's make/model/year: each tax year is valued at the row in
    # force on its due date. Empty: ``njkb`` for every year (a vehicle's own NJKB).
    njkb_schedule: tuple[NjkbValue, ...] = ()

    @property
    def wheels(self) -> int:
        return CATEGORY_WHEELS[self.category]

    @property
    def wheel_group(self) -> str:
        return TWO_THREE_WHEEL if self.wheels <= 3 else FOUR_WHEEL


class Line(NamedTuple):
    code: str
    label: str
    tax_year: int
    due_date: date
    amount: int
    beneficiary: str
    basis: str  # the basis in Indonesian (API, records)
    rule: str
    # The same basis as values (regulation, rates, months, days, class…), for pages that word it
    # in the reader's language (vehicles.display); one dict per plan, shared, never mutated.
    detail: dict | None = None


@dataclass(frozen=True)
class Assessment:
    lines: list[Line]
    due_dates: list[date]
    pay_date: date
    progressive: bool
    ownership_order: int  # the order actually charged (1 when not progressive or waived)
    njkb: dict = field(default_factory=dict)  # due date → NjkbUsed (only with a schedule)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def by_year(self) -> list[tuple[int, date, list[Line], int]]:
        out = []
        for due in self.due_dates:
            lines = [line for line in self.lines if line.due_date == due]
            out.append((due.year, due, lines, sum(line.amount for line in lines)))
        return out


# --- dates ------------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    if day.day <= 28:  # every month has the day: skip the calendar lookup (hot path)
        return date(year, month, day.day)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def months_late(due: date, paid: date) -> int:
    """Started months after the due date: part-months count as full months (HKPD rule as assumed
    in REFERENCE §3.8, UNCONFIRMED)."""
    if paid <= due:
        return 0
    months = (paid.year - due.year) * 12 + (paid.month - due.month)
    if add_months(due, months) < paid:
        months += 1
    return months


def due_dates_until(first_due: date, pay_date: date) -> list[date]:
    dues = [first_due]
    while (following := add_years(first_due, len(dues))) <= pay_date:
        dues.append(following)
    return dues


# --- classification ---------------------------------------------------------------------------

def njkb_for(schedule: tuple[NjkbValue, ...], due: date) -> NjkbUsed | None:
    """The NJKB a tax year due on ``due`` is valued at: the row in force that day (the latest
    starting one if several), else the nearest earlier row (``carried``), else None."""
    in_force = [row for row in schedule if row.valid_from <= due and (row.valid_to is None or due <= row.valid_to)]
    if in_force:
        row = max(in_force, key=lambda r: r.valid_from)
        return NjkbUsed(row.amount, row.valid_from, False, row.rule_id)
    earlier = [row for row in schedule if row.valid_to is not None and row.valid_to < due]
    if earlier:
        row = max(earlier, key=lambda r: (r.valid_to, r.valid_from))
        return NjkbUsed(row.amount, row.valid_from, True, row.rule_id)
    return None


def swdkllj_class(rules: RuleSet, category: str, cc: int, use: str, day: date) -> str:
    """PMK 16/PMK.010/2017 class of a vehicle on ``day`` (REFERENCE §3.5): the first
    classification row (SwdklljClassRule, by position) that matches. ``exempt`` pays nothing."""
    key = ("swd_class", category, cc, use, day)
    found = rules._plans.get(key)
    if found is None:
        rows = sorted((r for r in rules.swdkllj_classes if r.covers(day)), key=lambda r: r.position)
        row = next((r for r in rows if r.matches(category, cc, use)), None)
        if row is None:
            raise RuleError(f"no SWDKLLJ class for {category}/{use}/{cc} cc on {day.isoformat()}")
        found = rules._plans[key] = row.class_code
    return found


def progressive_threshold(rules: RuleSet, day: date) -> int:
    """The cc above which 2/3-wheelers are progressive on ``day`` (ProgressiveRule rows)."""
    key = ("threshold", day)
    found = rules._plans.get(key)
    if found is None:
        found = rules._plans[key] = _one(rules.progressive_rules, day, "progressive threshold").cc_threshold
    return found


def is_progressive(facts: VehicleFacts, threshold: int) -> bool:
    """Progressive rates apply to private 4-wheel vehicles and to 2/3-wheelers above the
    threshold (``progressive_threshold``; Perda Jatim 8/2023 as reported; Perda 9/2010 the same).
    Special uses are not progressive (their special tariffs are UNCONFIRMED, so they pay the
    first-order rate)."""
    if facts.use != "private":
        return False
    return facts.wheels >= 4 or facts.cc > threshold


# --- compiled plan per tax year ---------------------------------------------------------------

@dataclass(frozen=True)
class _YearPlan:
    due: date
    pkb_num: int  # principal = njkb × pkb_num / pkb_den (exact)
    pkb_den: int
    opsen_num: int | None  # opsen rate, None before 2025
    opsen_den: int
    pen_num: int  # months × monthly rate (0 when waived or on time)
    pen_den: int
    swdkllj: int
    swdkllj_penalty: int
    pkb_basis: str
    opsen_basis: str
    penalty_basis: str
    swdkllj_basis: str
    swdkllj_penalty_basis: str
    rule_ids: dict
    details: dict  # line code → Line.detail
    pkb_penalty_to: str = TO_PROVINCE
    opsen_penalty_to: str = TO_REGENCY


def _dec(value: Fraction, places: int = 3) -> str:
    """An exact decimal rule value for people (1.025 → "1,025"); never used in arithmetic."""
    scaled = value * 10**places
    if scaled.denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    whole, frac = divmod(int(scaled), 10**places)
    return f"{whole},{frac:0{places}d}"


def _pct(value: Fraction) -> str:
    text = _dec(value * 100, 4)
    if "/" not in text:
        text = text.rstrip("0").rstrip(",")
    return text + " %"


def _plan(rules: RuleSet, facts: VehicleFacts, due: date, pay: date, order: int, last_year: bool) -> _YearPlan:
    swd_class = swdkllj_class(rules, facts.category, facts.cc, facts.use, due)
    key = (facts.category, swd_class, order, due, pay, last_year)
    cached = rules._plans.get(key)
    if cached is not None:
        return cached
    programme = _programme(rules, facts, pay)
    bobot = _one(rules.bobots, due, "bobot", category=facts.category)
    rate = _one(rules.pkb_rates, due, "PKB rate", ownership_order=_tier(rules.pkb_rates, due, order))
    pkb_reliefs = [r for r in rules.reliefs if r.tax == "pkb"]
    relief = (_maybe(pkb_reliefs, due, ownership_order=_tier(pkb_reliefs, due, order))
              or _maybe(pkb_reliefs, due, ownership_order=None))
    opsen = _maybe(rules.opsen_rates, due, tax="pkb")
    discount = Fraction(0)
    if programme is not None:
        discount = (programme.discount_two_three_wheel if facts.wheel_group == TWO_THREE_WHEEL
                    else programme.discount_four_wheel)
    factor = bobot.factor * rate.rate * (1 - discount)
    pkb_basis = f"{rate.regulation}: {_pct(rate.rate)} (kepemilikan ke-{order}) × NJKB × bobot {_dec(bobot.factor)}"
    pkb_detail = {"regulation": rate.regulation, "rate": rate.rate, "order": order, "bobot": bobot.factor}
    if relief is not None:
        pkb_detail.update(relief=relief.factor, relief_regulation=relief.regulation)
        factor *= relief.factor
        pkb_basis += f" × keringanan dasar {relief.factor.numerator}/{relief.factor.denominator} ({relief.regulation})"
    if programme is not None and discount:  # a discount comes only from a programme
        pkb_detail.update(discount=discount, discount_regulation=programme.regulation)
        pkb_basis += f" − diskon {_pct(discount)} ({programme.regulation})"
    penalty_rule = _one(rules.penalties, due, "penalty")
    late_months = months_late(due, pay)
    months = late_months if penalty_rule.max_months is None else min(late_months, penalty_rule.max_months)
    if programme is not None and programme.waive_pkb_penalty:
        penalty_factor = Fraction(0)
        penalty_basis = f"{programme.regulation}: sanksi dihapus"
        penalty_detail: dict = {"regulation": programme.regulation, "waived": True}
    else:
        penalty_factor = penalty_rule.monthly_rate * months
        penalty_basis = f"{penalty_rule.regulation}: {_pct(penalty_rule.monthly_rate)} × {months} bulan"
        penalty_detail = {"regulation": penalty_rule.regulation, "monthly_rate": penalty_rule.monthly_rate,
                          "months": months}
        if months < late_months:  # the cap changed the amount: say so, and whether the cap is confirmed
            penalty_detail.update(capped_from=late_months, cap_unconfirmed=penalty_rule.cap_unconfirmed)
            penalty_basis += f" (dibatasi {months} bulan dari {late_months})"
    # Which treasury each penalty line goes to: dated rows (REFERENCE §3.3, §4.5).
    pen_to = {PKB_PENALTY: TO_PROVINCE, OPSEN_PENALTY: TO_REGENCY}
    pkb_penalty_detail, opsen_penalty_detail = dict(penalty_detail), dict(penalty_detail)
    if penalty_factor:
        for code, detail in ((PKB_PENALTY, pkb_penalty_detail), (OPSEN_PENALTY, opsen_penalty_detail)):
            if code == OPSEN_PENALTY and opsen is None:
                continue
            row = _one(rules.penalty_beneficiaries, due, "penalty beneficiary", line_code=code)
            pen_to[code] = row.treasury
            detail.update(treasury=row.treasury, treasury_regulation=row.regulation,
                          treasury_unconfirmed=row.unconfirmed)
    details: dict = {PKB: pkb_detail, PKB_PENALTY: pkb_penalty_detail, OPSEN_PENALTY: opsen_penalty_detail}
    if opsen is not None:
        details[OPSEN] = {"regulation": opsen.regulation, "rate": opsen.rate}
    # SWDKLLJ: contribution + card fee; late fee on the contribution by days late, capped.
    swd_amount = swd_penalty = 0
    swd_basis = swd_pen_basis = ""
    rule_ids = {PKB: rate.rule_id, OPSEN: opsen.rule_id if opsen else "", PKB_PENALTY: penalty_rule.rule_id,
                OPSEN_PENALTY: penalty_rule.rule_id, SWDKLLJ: "", SWDKLLJ_PENALTY: ""}
    one_year_only = programme is not None and programme.swdkllj_arrears_one_year and not last_year
    if swd_class != EXEMPT and not one_year_only:
        tariff = _one(rules.swdkllj_tariffs, due, "SWDKLLJ", class_code=swd_class)
        swd_amount = tariff.contribution + tariff.card_fee
        swd_basis = f"{tariff.regulation}: kelas {swd_class} {tariff.contribution} + kartu {tariff.card_fee}"
        details[SWDKLLJ] = {"regulation": tariff.regulation, "class": swd_class,
                            "contribution": tariff.contribution, "card_fee": tariff.card_fee}
        rule_ids[SWDKLLJ] = tariff.rule_id
        days = (pay - due).days
        if days > 0 and not (programme is not None and programme.waive_swdkllj_penalty):
            bracket = next((b for b in rules.swdkllj_late if b.covers(due) and b.days_from <= days
                            and (b.days_to is None or days <= b.days_to)), None)
            if bracket is None:
                raise RuleError(f"no SWDKLLJ late bracket for {days} days on {due.isoformat()}")
            swd_penalty = rules.rounding(min(tariff.contribution * bracket.rate, Fraction(bracket.cap)))
            swd_pen_basis = (f"{bracket.regulation}: {_pct(bracket.rate)} × {tariff.contribution} "
                             f"(terlambat {days} hari, maks. {bracket.cap})")
            rule_ids[SWDKLLJ_PENALTY] = bracket.rule_id
            details[SWDKLLJ_PENALTY] = {"regulation": bracket.regulation, "rate": bracket.rate,
                                        "contribution": tariff.contribution, "days": days, "cap": bracket.cap}
    plan = _YearPlan(
        due=due, pkb_num=factor.numerator, pkb_den=factor.denominator,
        opsen_num=opsen.rate.numerator if opsen else None, opsen_den=opsen.rate.denominator if opsen else 1,
        pen_num=penalty_factor.numerator, pen_den=penalty_factor.denominator,
        swdkllj=swd_amount, swdkllj_penalty=swd_penalty, pkb_basis=pkb_basis,
        opsen_basis=f"{opsen.regulation}: {_pct(opsen.rate)} × PKB" if opsen else "",
        penalty_basis=penalty_basis, swdkllj_basis=swd_basis, swdkllj_penalty_basis=swd_pen_basis,
        rule_ids=rule_ids, details=details, pkb_penalty_to=pen_to[PKB_PENALTY],
        opsen_penalty_to=pen_to[OPSEN_PENALTY])
    rules._plans[key] = plan
    return plan


def _programme(rules: RuleSet, facts: VehicleFacts, pay: date) -> Programme | None:
    key = ("programme", facts.wheel_group, pay)
    if key not in rules._plans:
        rules._plans[key] = _find_programme(rules, facts, pay)
    return rules._plans[key]


def _find_programme(rules: RuleSet, facts: VehicleFacts, pay: date) -> Programme | None:
    for programme in sorted(rules.programmes, key=lambda p: p.valid_from, reverse=True):
        if programme.covers(pay) and (not programme.wheel_groups or facts.wheel_group in programme.wheel_groups):
            return programme
    return None


def assess(facts: VehicleFacts, *, due_date: date, pay_date: date, rules: RuleSet) -> Assessment:
    """Every unpaid tax year from ``due_date`` up to ``pay_date``, line by line."""
    if facts.njkb < 0 or facts.cc < 0 or facts.ownership_order < 1:
        raise ValueError("njkb and cc must not be negative; ownership order starts at 1")
    programme = _programme(rules, facts, pay_date)
    progressive = (is_progressive(facts, progressive_threshold(rules, due_date))
                   and not (programme is not None and programme.waive_progressive))
    order = facts.ownership_order if progressive else 1
    ratio = rules.rounding.ratio
    exact_opsen = rules.rounding.opsen_basis == "exact"
    exact_penalty = rules.rounding.penalty_basis == "exact"
    regency_beneficiary = f"RKUD-{facts.regency_code}"
    njkb = facts.njkb
    schedule = facts.njkb_schedule
    njkb_used: dict[date, NjkbUsed] = {}
    dues = due_dates_until(due_date, pay_date)
    lines: list[Line] = []
    append = lines.append
    for index, due in enumerate(dues):
        plan = _plan(rules, facts, due, pay_date, order, index == len(dues) - 1)
        year, ids, details = due.year, plan.rule_ids, plan.details
        if schedule:  # each tax year at the NJKB in force on its own due date
            used = njkb_for(schedule, due)
            if used is None:
                raise RuleError(f"no NJKB row on or before {due.isoformat()}")
            njkb_used[due] = used
            njkb = used.amount
        pkb_pen_to = PROVINCE if plan.pkb_penalty_to == TO_PROVINCE else regency_beneficiary
        opsen_pen_to = PROVINCE if plan.opsen_penalty_to == TO_PROVINCE else regency_beneficiary
        # Integer arithmetic on exact ratios: principal = njkb × pkb_num / pkb_den.
        p_num, p_den = njkb * plan.pkb_num, plan.pkb_den
        pkb = ratio(p_num, p_den)
        if pkb:
            append(Line(PKB, LABELS[PKB], year, due, pkb, PROVINCE, plan.pkb_basis, ids[PKB], details[PKB]))
        opsen = 0
        if plan.opsen_num is not None:
            if exact_opsen:
                opsen = ratio(p_num * plan.opsen_num, p_den * plan.opsen_den)
            else:
                opsen = ratio(pkb * plan.opsen_num, plan.opsen_den)
            if opsen:
                append(Line(OPSEN, LABELS[OPSEN], year, due, opsen, regency_beneficiary, plan.opsen_basis, ids[OPSEN],
                            details[OPSEN]))
        if plan.pen_num:
            if exact_penalty:
                pkb_pen = ratio(p_num * plan.pen_num, p_den * plan.pen_den)
            else:
                pkb_pen = ratio(pkb * plan.pen_num, plan.pen_den)
            if pkb_pen:
                append(Line(PKB_PENALTY, LABELS[PKB_PENALTY], year, due, pkb_pen, pkb_pen_to, plan.penalty_basis,
                            ids[PKB_PENALTY], details[PKB_PENALTY]))
            if plan.opsen_num is not None:
                if exact_penalty:
                    opsen_pen = ratio(p_num * plan.opsen_num * plan.pen_num, p_den * plan.opsen_den * plan.pen_den)
                else:
                    opsen_pen = ratio(opsen * plan.pen_num, plan.pen_den)
                if opsen_pen:
                    append(Line(OPSEN_PENALTY, LABELS[OPSEN_PENALTY], year, due, opsen_pen, opsen_pen_to,
                                plan.penalty_basis, ids[OPSEN_PENALTY], details[OPSEN_PENALTY]))
        if plan.swdkllj:
            append(Line(SWDKLLJ, LABELS[SWDKLLJ], year, due, plan.swdkllj, JASA_RAHARJA, plan.swdkllj_basis,
                        ids[SWDKLLJ], details[SWDKLLJ]))
        if plan.swdkllj_penalty:
            append(Line(SWDKLLJ_PENALTY, LABELS[SWDKLLJ_PENALTY], year, due, plan.swdkllj_penalty, JASA_RAHARJA,
                        plan.swdkllj_penalty_basis, ids[SWDKLLJ_PENALTY], details[SWDKLLJ_PENALTY]))
    return Assessment(lines=lines, due_dates=dues, pay_date=pay_date, progressive=progressive, ownership_order=order,
                      njkb=njkb_used)


# --- BBNKB (transfer of ownership) ------------------------------------------------------------

@dataclass(frozen=True)
class TransferAssessment:
    lines: list[Line]
    day: date
    transfer: str

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def assess_bbnkb(*, njkb: int, transfer: str, day: date, regency_code: str, rules: RuleSet) -> TransferAssessment:
    """BBNKB of a transfer on ``day`` (REFERENCE §3.3, §3.4, §3.10 E): NJKB × rate × base relief
    (``BaseRelief`` rows of tax ``bbnkb``), rounded once; opsen BBNKB on the exact principal, to the
    regency of registration. The BBNKB line is shown even at 0 % (later transfers) so the page
    can say why nothing is due."""
    if njkb < 0:
        raise ValueError("njkb must not be negative")
    rate = _one(rules.bbnkb_rates, day, "BBNKB rate", transfer=transfer)
    relief = _maybe(rules.reliefs, day, tax="bbnkb", ownership_order=None)
    opsen = _maybe(rules.opsen_rates, day, tax="bbnkb")
    factor = rate.rate * (relief.factor if relief is not None else 1)
    ratio = rules.rounding.ratio
    p_num, p_den = njkb * factor.numerator, factor.denominator
    principal = ratio(p_num, p_den)
    detail: dict = {"regulation": rate.regulation, "rate": rate.rate, "transfer": transfer}
    basis = f"{rate.regulation}: {_pct(rate.rate)} × NJKB"
    if relief is not None:
        detail.update(relief=relief.factor, relief_regulation=relief.regulation)
        basis += f" × keringanan dasar {relief.factor.numerator}/{relief.factor.denominator} ({relief.regulation})"
    lines = [Line(BBNKB, "BBNKB", day.year, day, principal, PROVINCE, basis, rate.rule_id, detail)]
    if opsen is not None and principal:
        if rules.rounding.opsen_basis == "exact":
            amount = ratio(p_num * opsen.rate.numerator, p_den * opsen.rate.denominator)
        else:
            amount = ratio(principal * opsen.rate.numerator, opsen.rate.denominator)
        if amount:
            lines.append(Line(OPSEN_BBNKB, "Opsen BBNKB", day.year, day, amount, f"RKUD-{regency_code}",
                              f"{opsen.regulation}: {_pct(opsen.rate)} × BBNKB", opsen.rule_id,
                              {"regulation": opsen.regulation, "rate": opsen.rate}))
    return TransferAssessment(lines=lines, day=day, transfer=transfer)


def renewal_fees(facts: VehicleFacts, *, day: date, rules: RuleSet) -> list[PnbpFee]:
    """PNBP of the 5-yearly STNK + TNKB renewal (PP 76/2020): shown, never payable online."""
    return [fee for fee in rules.pnbp_fees if fee.covers(day) and fee.wheel_group == facts.wheel_group]
