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
BBNKB rates (``assess_bbnkb``); a line computed with a row not yet confirmed against the
regulation's text carries ``detail["unconfirmed"]`` (``unconfirmed_mark``). Each tax year is valued
at the NJKB row in force on its due date (``VehicleFacts.njkb_schedule``, ``njkb_for``), the nearest
earlier row when none is.

Modules: ``engine_rules`` (rule types, rounding, lookups, ``Line``), ``bbnkb`` (``assess_bbnkb``),
this one (facts, dates, classification, the compiled plan per tax year, ``assess``); every name is
imported from here.

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
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .bbnkb import TransferAssessment, assess_bbnkb  # noqa: F401  (re-exported)
from .engine_rules import (  # noqa: F401  (re-exported: callers import them from engine)
    BBNKB,
    CATEGORY_WHEELS,
    EXEMPT,
    FIRST_TRANSFER,
    FOUR_WHEEL,
    JASA_RAHARJA,
    LABELS,
    LATER_TRANSFER,
    LINE_CODES,
    OPSEN,
    OPSEN_BBNKB,
    OPSEN_PENALTY,
    PKB,
    PKB_PENALTY,
    PROVINCE,
    SWDKLLJ,
    SWDKLLJ_PENALTY,
    TO_PROVINCE,
    TO_REGENCY,
    TWO_THREE_WHEEL,
    Assessment,
    BaseRelief,
    BbnkbRate,
    Bobot,
    Line,
    NjkbUsed,
    NjkbValue,
    OpsenRate,
    Penalty,
    PenaltyBeneficiary,
    PkbRate,
    PnbpFee,
    Programme,
    ProgressiveRule,
    Rounding,
    Rule,
    RuleError,
    RuleSet,
    SwdklljClass,
    SwdklljLate,
    SwdklljTariff,
    VehicleFacts,
    _dec,
    _maybe,
    _one,
    _pct,
    _tier,
    unconfirmed_mark,
)

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
    unconfirmed_mark(pkb_detail, rate, bobot, relief, programme if discount else None)
    penalty_rule = _one(rules.penalties, due, "penalty")
    late_months = months_late(due, pay)
    months = late_months if penalty_rule.max_months is None else min(late_months, penalty_rule.max_months)
    if programme is not None and programme.waive_pkb_penalty:
        penalty_factor = Fraction(0)
        penalty_basis = f"{programme.regulation}: sanksi dihapus"
        penalty_detail: dict = unconfirmed_mark({"regulation": programme.regulation, "waived": True}, programme)
    else:
        penalty_factor = penalty_rule.monthly_rate * months
        penalty_basis = f"{penalty_rule.regulation}: {_pct(penalty_rule.monthly_rate)} × {months} bulan"
        penalty_detail = {"regulation": penalty_rule.regulation, "monthly_rate": penalty_rule.monthly_rate,
                          "months": months}
        if months < late_months:  # the cap changed the amount: say so, and whether the cap is confirmed
            penalty_detail.update(capped_from=late_months, cap_unconfirmed=penalty_rule.cap_unconfirmed)
            penalty_basis += f" (dibatasi {months} bulan dari {late_months})"
        unconfirmed_mark(penalty_detail, penalty_rule)
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
        details[OPSEN] = unconfirmed_mark({"regulation": opsen.regulation, "rate": opsen.rate}, opsen)
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
        details[SWDKLLJ] = unconfirmed_mark({"regulation": tariff.regulation, "class": swd_class,
                                             "contribution": tariff.contribution, "card_fee": tariff.card_fee}, tariff)
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
            details[SWDKLLJ_PENALTY] = unconfirmed_mark(
                {"regulation": bracket.regulation, "rate": bracket.rate, "contribution": tariff.contribution,
                 "days": days, "cap": bracket.cap}, bracket, tariff)
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


RENEWAL_ITEMS = ("stnk", "tnkb")  # the BPKB fee comes with registration and transfer, not renewal


def renewal_fees(facts: VehicleFacts, *, day: date, rules: RuleSet) -> list[PnbpFee]:
    """PNBP of the 5-yearly STNK + TNKB renewal (PP 76/2020): shown, never payable online."""
    return [fee for fee in rules.pnbp_fees if fee.covers(day) and fee.wheel_group == facts.wheel_group
            and fee.item in RENEWAL_ITEMS]
