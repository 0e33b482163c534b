"""The engine's rule types: line codes and beneficiaries, one dataclass per rule table (dated,
regulation named), the rounding convention, the ``RuleSet`` and the row lookups (the latest-starting
row covering a day wins; every tiered table's last row is "this and further"), and the ``Line`` an
assessment is made of, the vehicle's facts and the assessment. Pure: no database (``rules.py`` builds a ``RuleSet`` from the tables)."""

from __future__ import annotations

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
    # The row's value is not yet confirmed against the regulation's text (DatedRule.unconfirmed):
    # lines computed with it say so. Keyword-only, so every rule type keeps its positional fields.
    unconfirmed: bool = field(default=False, kw_only=True)

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


def unconfirmed_mark(detail: dict, *rows: Rule | None) -> dict:
    """``detail`` marked ``unconfirmed`` when any row the line was computed with is unconfirmed
    (pages say so beside the number); rows that were not used are None."""
    if any(row is not None and row.unconfirmed for row in rows):
        detail["unconfirmed"] = True
    return detail


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
