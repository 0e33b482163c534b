"""The SKM/IKM arithmetic of PermenPANRB 14/2017 (REFERENCE §6.2)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balai.quality.ikm import category_of, ikm_from_nrr, ikm_from_sums, krejcie_morgan

GOLDEN_NRR = ["3.42", "3.31", "3.05", "3.90", "3.40", "3.36", "3.52", "3.18", "3.27"]


def test_golden_example_exact_weights():
    result = ikm_from_nrr([Fraction(v) for v in GOLDEN_NRR])
    assert result.skm_display == Decimal("3.3789")
    assert result.ikm == Decimal("84.47")
    assert (result.category, result.performance) == ("B", "Baik")
    assert result.weakest == "u3"


def test_golden_example_with_the_regulations_rounded_weight():
    assert ikm_from_nrr([Fraction(v) for v in GOLDEN_NRR]).ikm_011 == Decimal("83.63")


def test_rounded_weight_caps_the_score_at_99():
    result = ikm_from_nrr([Fraction(4)] * 9)
    assert result.ikm == Decimal("100.00") and result.ikm_011 == Decimal("99.00")
    assert result.category == "A"


def test_nrr_sum_32_93_exact_and_rounded_weight():
    # REFERENCE §6.2 quotes 91.48; 32.93 / 9 × 25 = 91.4722…, which is 91.47 to two places.
    nrrs = [Fraction("3.65")] * 8 + [Fraction("3.73")]
    assert sum(nrrs) == Fraction("32.93")
    result = ikm_from_nrr(nrrs)
    assert result.ikm == Decimal("91.47")
    assert result.ikm_011 == Decimal("90.56")


@pytest.mark.parametrize(("ikm", "letter"), [
    ("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"), ("88.30", "B"),
    ("88.31", "A"), ("100.00", "A")])
def test_category_boundaries(ikm, letter):
    assert category_of(Decimal(ikm))[0] == letter


def test_nrr_counts_only_respondents_who_answered_the_element():
    sums = {f"u{i}": 12 for i in range(1, 10)} | {"u4": 6}
    counts = {f"u{i}": 4 for i in range(1, 10)} | {"u4": 2}
    result = ikm_from_sums(responses=4, sums=sums, counts=counts)
    assert all(e.nrr == 3 for e in result.elements)
    assert result.ikm == Decimal("75.00") and result.category == "C"


def test_an_element_nobody_answered_leaves_no_ikm():
    sums = {f"u{i}": 3 for i in range(1, 9)}
    counts = {f"u{i}": 1 for i in range(1, 9)}
    assert ikm_from_sums(responses=1, sums=sums, counts=counts).ikm is None


@pytest.mark.parametrize(("population", "sample"), [(10, 10), (50, 44), (100, 80), (1000, 278), (10_000, 370),
                                                    (100_000, 384), (2_000_000, 384), (0, 0)])
def test_krejcie_morgan_table(population, sample):
    assert krejcie_morgan(population) == sample


@given(st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=40))
def test_ikm_is_25_times_the_mean_of_nrrs(sheets):
    sums = {f"u{i + 1}": sum(s[i] for s in sheets) for i in range(9)}
    counts = {f"u{i + 1}": len(sheets) for i in range(9)}
    result = ikm_from_sums(responses=len(sheets), sums=sums, counts=counts)
    exact = Fraction(sum(sums.values()), 9 * len(sheets)) * 25
    assert abs(Decimal(exact.numerator) / Decimal(exact.denominator) - result.ikm) <= Decimal("0.005")
    assert Decimal("25") <= result.ikm <= Decimal("100")
    assert result.ikm_011 <= result.ikm
