"""BBNKB (bea balik nama kendaraan bermotor, the transfer-of-ownership tax): a transfer, not a tax
year (REFERENCE §3.3, §3.4, §3.10 E). Pure, like the PKB engine; ``engine`` re-exports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .engine_rules import BBNKB, OPSEN_BBNKB, PROVINCE, Line, RuleSet, _maybe, _one, _pct, unconfirmed_mark


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
    unconfirmed_mark(detail, rate, relief)
    lines = [Line(BBNKB, "BBNKB", day.year, day, principal, PROVINCE, basis, rate.rule_id, detail)]
    if opsen is not None and principal:
        if rules.rounding.opsen_basis == "exact":
            amount = ratio(p_num * opsen.rate.numerator, p_den * opsen.rate.denominator)
        else:
            amount = ratio(principal * opsen.rate.numerator, opsen.rate.denominator)
        if amount:
            lines.append(Line(OPSEN_BBNKB, "Opsen BBNKB", day.year, day, amount, f"RKUD-{regency_code}",
                              f"{opsen.regulation}: {_pct(opsen.rate)} × BBNKB", opsen.rule_id,
                              unconfirmed_mark({"regulation": opsen.regulation, "rate": opsen.rate}, opsen)))
    return TransferAssessment(lines=lines, day=day, transfer=transfer)
