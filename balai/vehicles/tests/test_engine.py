"""Golden tests: REFERENCE §3.10 examples A and B, with the rules as seeded (migration 0002)."""

from datetime import date
from fractions import Fraction

import pytest

from balai.vehicles import engine
from balai.vehicles.engine import VehicleFacts, assess

MOTOR = VehicleFacts(category="motorcycle", cc=125, use="private", njkb=15_000_000, regency_code="3578")
MINIBUS = VehicleFacts(category="minibus", cc=1300, use="private", njkb=200_000_000, regency_code="3578")

# Due dates that select each §3.10 column: before 2025 (Perda 9/2010), 2025 with the Jatim base
# relief (Kepgub 722/2024), and 2026 when no relief row exists (nominal HKPD).
PRE_2025, RELIEF_2025, NOMINAL = date(2024, 3, 10), date(2025, 3, 10), date(2026, 3, 10)
LATE_3_MONTHS = {RELIEF_2025: date(2025, 6, 5), NOMINAL: date(2026, 6, 5)}  # 87 days: 3 started months, 25 %


def amounts(assessment):
    return {line.code: line.amount for line in assessment.lines}


@pytest.mark.parametrize(("facts", "due", "expected"), [
    (MOTOR, PRE_2025, {"pkb": 225_000, "swdkllj": 35_000}),
    (MOTOR, NOMINAL, {"pkb": 180_000, "opsen_pkb": 118_800, "swdkllj": 35_000}),
    (MOTOR, RELIEF_2025, {"pkb": 135_542, "opsen_pkb": 89_458, "swdkllj": 35_000}),
    (MINIBUS, PRE_2025, {"pkb": 3_150_000, "swdkllj": 143_000}),
    (MINIBUS, NOMINAL, {"pkb": 2_520_000, "opsen_pkb": 1_663_200, "swdkllj": 143_000}),
    (MINIBUS, RELIEF_2025, {"pkb": 1_897_590, "opsen_pkb": 1_252_410, "swdkllj": 143_000}),
])
def test_reference_3_10_on_time(rules, facts, due, expected):
    result = assess(facts, due_date=due, pay_date=due, rules=rules)
    assert amounts(result) == expected
    assert result.total == {MOTOR: {PRE_2025: 260_000, NOMINAL: 333_800, RELIEF_2025: 260_000},
                            MINIBUS: {PRE_2025: 3_293_000, NOMINAL: 4_326_200, RELIEF_2025: 3_293_000}}[facts][due]


@pytest.mark.parametrize(("facts", "due", "penalties", "total"), [
    (MOTOR, NOMINAL, 8_964, 350_764),
    (MOTOR, RELIEF_2025, 6_750, 274_750),
    (MINIBUS, NOMINAL, 125_496, 4_486_696),
    (MINIBUS, RELIEF_2025, 94_500, 3_422_500),
])
def test_reference_3_10_three_months_late(rules, facts, due, penalties, total):
    result = assess(facts, due_date=due, pay_date=LATE_3_MONTHS[due], rules=rules)
    got = amounts(result)
    assert got["pkb_penalty"] + got["opsen_pkb_penalty"] == penalties
    assert got["swdkllj_penalty"] == (8_000 if facts is MOTOR else 35_000)
    assert result.total == total
    assert len(result.due_dates) == 1


def test_pre_2025_late_uses_the_configured_formula(rules):
    # 25 % × PKB × 3/12 (UNCONFIRMED for Jatim): §3.10 A gives 14,063, B 196,875.
    for facts, expected in ((MOTOR, 14_063), (MINIBUS, 196_875)):
        got = amounts(assess(facts, due_date=PRE_2025, pay_date=date(2024, 6, 5), rules=rules))
        assert got["pkb_penalty"] == expected
        assert "opsen_pkb" not in got and "opsen_pkb_penalty" not in got


def test_lines_name_beneficiary_and_rule(rules):
    result = assess(MINIBUS, due_date=RELIEF_2025, pay_date=LATE_3_MONTHS[RELIEF_2025], rules=rules)
    owners = {line.code: line.beneficiary for line in result.lines}
    assert owners == {"pkb": "RKUD-35", "pkb_penalty": "RKUD-35", "opsen_pkb": "RKUD-3578",
                      "opsen_pkb_penalty": "RKUD-3578", "swdkllj": "JR-JATIM", "swdkllj_penalty": "JR-JATIM"}
    pkb = result.lines[0]
    assert pkb.rule.startswith("pkb_rate:") and "Perda Provinsi Jawa Timur No. 8 Tahun 2023" in pkb.basis
    assert "125/166" in pkb.basis and "722/KTPS/013/2024" in pkb.basis
    assert all(line.tax_year == 2025 for line in result.lines)


def test_relief_factor_is_exact(rules):
    factors = {r.factor for r in rules.reliefs if r.ownership_order == 1}
    assert factors == {Fraction(15, 10) / (Fraction(12, 10) * Fraction(166, 100))}


def test_opsen_on_rounded_principal_is_the_other_convention(rules):
    rules.rounding = engine.Rounding(opsen_basis="rounded")
    got = amounts(assess(MINIBUS, due_date=RELIEF_2025, pay_date=RELIEF_2025, rules=rules))
    assert got["opsen_pkb"] == 1_252_409  # why the default is "exact" (engine.py docstring)


def test_rounding_to_hundreds(rules):
    rules.rounding = engine.Rounding(unit=100)
    got = amounts(assess(MOTOR, due_date=RELIEF_2025, pay_date=RELIEF_2025, rules=rules))
    assert got == {"pkb": 135_500, "opsen_pkb": 89_500, "swdkllj": 35_000}


def test_boundary_4_and_5_january_2025(rules):
    old = amounts(assess(MOTOR, due_date=date(2025, 1, 4), pay_date=date(2025, 1, 4), rules=rules))
    new = amounts(assess(MOTOR, due_date=date(2025, 1, 5), pay_date=date(2025, 1, 5), rules=rules))
    assert old == {"pkb": 225_000, "swdkllj": 35_000}
    assert new == {"pkb": 135_542, "opsen_pkb": 89_458, "swdkllj": 35_000}


def test_arrears_each_year_with_its_own_rules(rules):
    # Due 10 March 2024, paid 20 June 2026: three tax years (2024 old rules, 2025 relief, 2026 nominal).
    result = assess(MOTOR, due_date=date(2024, 3, 10), pay_date=date(2026, 6, 20), rules=rules)
    years = {y: {line.code: line.amount for line in lines} for y, _, lines, _ in result.by_year()}
    assert sorted(years) == [2024, 2025, 2026]
    assert years[2024]["pkb"] == 225_000 and "opsen_pkb" not in years[2024]
    assert years[2024]["pkb_penalty"] == 225_000 * 24 // 48  # capped at 24 months
    assert years[2024]["swdkllj_penalty"] == 32_000  # 100 % bracket, under the cap
    assert years[2025]["pkb"] == 135_542 and years[2025]["pkb_penalty"] == round(135_542 * 16 / 100)
    assert years[2026]["pkb"] == 180_000 and years[2026]["pkb_penalty"] == 7_200  # 3 months + 10 days: 4 started months


def test_progressive_only_for_cars_and_big_bikes(rules):
    second_car = VehicleFacts(category="minibus", cc=1300, use="private", njkb=200_000_000, ownership_order=2)
    second_bike = VehicleFacts(category="motorcycle", cc=150, use="private", njkb=15_000_000, ownership_order=2)
    big_bike = VehicleFacts(category="motorcycle", cc=500, use="private", njkb=15_000_000, ownership_order=2)
    # §3.10 C: 2025 nominal 1.7 % → 3,570,000 + opsen 2,356,200.
    car = amounts(assess(second_car, due_date=NOMINAL, pay_date=NOMINAL, rules=rules))
    assert (car["pkb"], car["opsen_pkb"]) == (3_570_000, 2_356_200)
    assert amounts(assess(second_car, due_date=PRE_2025, pay_date=PRE_2025, rules=rules))["pkb"] == 4_200_000
    assert amounts(assess(second_bike, due_date=NOMINAL, pay_date=NOMINAL, rules=rules))["pkb"] == 180_000
    assert amounts(assess(big_bike, due_date=NOMINAL, pay_date=NOMINAL, rules=rules))["pkb"] == 255_000


def test_programme_waives_sanctions_and_progressive(rules):
    second_car = VehicleFacts(category="minibus", cc=1300, use="private", njkb=200_000_000, ownership_order=2)
    # Pemutihan 14 Jul–31 Aug 2025 (Kepgub 435/2025): no PKB sanction, charged as a first vehicle.
    result = assess(second_car, due_date=date(2025, 3, 10), pay_date=date(2025, 8, 1), rules=rules)
    got = amounts(result)
    assert "pkb_penalty" not in got and "opsen_pkb_penalty" not in got
    assert got["pkb"] == 1_897_590 and result.ownership_order == 1
    assert got["swdkllj_penalty"] == 70_000  # 144 days: 50 % bracket; SWDKLLJ is not waived


def test_exempt_swdkllj_and_special_uses(rules):
    ambulance = VehicleFacts(category="minibus", cc=2000, use="ambulance", njkb=200_000_000, ownership_order=3)
    got = amounts(assess(ambulance, due_date=NOMINAL, pay_date=NOMINAL, rules=rules))
    assert "swdkllj" not in got and got["pkb"] == 2_520_000


def test_renewal_fees(rules):
    fees = engine.renewal_fees(MOTOR, day=NOMINAL, rules=rules)
    assert sum(f.amount for f in fees) == 160_000  # §3.10 D
    assert sum(f.amount for f in engine.renewal_fees(MINIBUS, day=NOMINAL, rules=rules)) == 300_000
