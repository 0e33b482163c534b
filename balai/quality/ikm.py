"""The SKM/IKM computation of PermenPANRB 14/2017, from raw sums.

Convention (REFERENCE §6.2): every element weighs exactly 1/9, so the SKM is the mean of the nine
NRRs and IKM = SKM × 25 (25–100). The regulation's worked example rounds the weight to 0.11,
which caps the IKM at 99.0; that figure is computed too (``ikm_011``) and shown only beside the
exact one, on request. Fractions keep every step exact; rounding happens once, for display.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .models import ELEMENT_CODES, ELEMENTS

# PermenPANRB 14/2017, Lampiran: IKM intervals → quality category (lower bound, category, performance).
CATEGORIES = (
    (Decimal("88.31"), "A", "Sangat baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang baik"),
    (Decimal("25.00"), "D", "Tidak baik"),
)
REGULATION_WEIGHT = Fraction(11, 100)  # the regulation's rounded 1/9


def round2(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def category_of(ikm: Decimal) -> tuple[str, str]:
    for lower, letter, label in CATEGORIES:
        if ikm >= lower:
            return letter, label
    return "D", "Tidak baik"


@dataclass(frozen=True)
class ElementScore:
    code: str
    label: object
    nrr: Fraction | None
    answered: int

    @property
    def nrr_display(self) -> Decimal | None:
        return None if self.nrr is None else round2(self.nrr)


@dataclass(frozen=True)
class IkmResult:
    responses: int
    elements: tuple[ElementScore, ...]
    skm: Fraction | None
    ikm: Decimal | None
    ikm_011: Decimal | None
    category: str
    performance: str
    weakest: str  # element code with the lowest NRR

    @property
    def skm_display(self) -> Decimal | None:
        return None if self.skm is None else (Decimal(self.skm.numerator) / Decimal(self.skm.denominator)).quantize(
            Decimal("0.0001"), ROUND_HALF_UP)


def ikm_from_nrr(nrrs: list[Fraction], *, responses: int = 0, answered: list[int] | None = None) -> IkmResult:
    """The IKM from the nine NRRs (one per element, in U1…U9 order)."""
    if len(nrrs) != len(ELEMENT_CODES):
        raise ValueError("nine NRRs expected")
    counts = answered or [responses] * len(nrrs)
    elements = tuple(ElementScore(code, label, nrr, n) for (code, label), nrr, n in zip(ELEMENTS, nrrs, counts, strict=True))
    total = sum(nrrs, Fraction(0))
    skm = total / len(nrrs)
    ikm = round2(skm * 25)
    letter, performance = category_of(ikm)
    weakest = min(elements, key=lambda e: (e.nrr, e.code)).code
    return IkmResult(responses, elements, skm, ikm, round2(total * REGULATION_WEIGHT * 25), letter, performance, weakest)


def ikm_from_sums(*, responses: int, sums: dict[str, int], counts: dict[str, int]) -> IkmResult:
    """The IKM from raw sums: NRR = sum of scores ÷ respondents who answered the element. An
    element nobody answered leaves the IKM undefined (the unit must survey it)."""
    if responses == 0 or any(not counts.get(code) for code in ELEMENT_CODES):
        elements = tuple(ElementScore(code, label, Fraction(sums[code], counts[code]) if counts.get(code) else None,
                                      counts.get(code, 0)) for code, label in ELEMENTS)
        return IkmResult(responses, elements, None, None, None, "", "", "")
    nrrs = [Fraction(sums[code], counts[code]) for code in ELEMENT_CODES]
    return ikm_from_nrr(nrrs, responses=responses, answered=[counts[code] for code in ELEMENT_CODES])


def krejcie_morgan(population: int) -> int:
    """Minimum respondents for a population (Krejcie & Morgan 1970, used by PermenPANRB 14/2017):
    s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), χ² = 3.841, P = 0.5, d = 0.05, rounded to the nearest whole (as the
    published table is: 50 → 44, 100 → 80, 1,000 → 278). From 100,000
    on, the table's top value 384 (REFERENCE §6.2)."""
    if population <= 0:
        return 0
    if population >= 100_000:
        return 384
    chi2, p, d = 3.841, 0.5, 0.05
    value = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return min(population, math.floor(value + 0.5))
