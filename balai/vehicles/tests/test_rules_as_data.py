"""BBNKB, SWDKLLJ classes and thresholds, the progressive threshold, where penalties go, the
pre-2025 penalty cap and each tax year's own NJKB — all as dated rule rows, read by the engine."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import translation

from balai.vehicles import display, engine
from balai.vehicles.engine import VehicleFacts, assess, assess_bbnkb
from balai.vehicles.models import (
    NjkbPrice,
    PenaltyBeneficiary,
    PenaltyRule,
    ProgressiveRule,
    SwdklljClassRule,
)
from balai.vehicles.rules import rules_load
from balai.vehicles.services import vehicle_assess
from balai.vehicles.tests.factories import make_vehicle

BIKE = VehicleFacts(category="motorcycle", cc=125, use="private", njkb=15_000_000)


@pytest.fixture(autouse=True)
def _page_language_reset():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def amounts(result) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in result.lines:
        out[line.code] = out.get(line.code, 0) + line.amount
    return out


# --- BBNKB (item 2) ---------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("transfer", "day", "expected"), [
    ("first", date(2024, 3, 15), {"bbnkb": 1_875_000}),  # 12.5 % before 5 January 2025
    ("first", date(2026, 3, 15), {"bbnkb": 1_800_000, "opsen_bbnkb": 1_188_000}),  # §3.10 E: 2,988,000
    ("later", date(2026, 3, 15), {"bbnkb": 0}),  # a used car: no BBNKB on later transfers
    # 2025 relief (DERIVED 12.5/19.92): the total stays at the 2024 level
    ("first", date(2025, 3, 15), {"bbnkb": 1_129_518, "opsen_bbnkb": 745_482}),
])
def test_bbnkb_golden_cases(rules, transfer, day, expected):
    result = assess_bbnkb(njkb=15_000_000, transfer=transfer, day=day, regency_code="3578", rules=rules)
    assert amounts(result) == expected
    assert {line.code: line.beneficiary for line in result.lines if line.amount} == {
        code: {"bbnkb": engine.PROVINCE, "opsen_bbnkb": "RKUD-3578"}[code] for code, amount in expected.items()
        if amount}


@pytest.mark.django_db
def test_bbnkb_api_and_its_refusal(client):
    ok = client.post("/api/bbnkb/simulate", {"njkb": 15_000_000, "transfer": "first", "transfer_date": "2026-03-01",
                                             "regency_code": "3507"}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["total"] == 2_988_000 and body["simulation"] is True
    assert [line["beneficiary"] for line in body["lines"]] == ["RKUD-35", "RKUD-3507"]
    # No pre-2025 rate for later transfers in REFERENCE: a field error, not a made-up number.
    refused = client.post("/api/bbnkb/simulate", {"njkb": 15_000_000, "transfer": "later",
                                                  "transfer_date": "2024-03-01"}, content_type="application/json")
    assert refused.status_code == 422 and "transfer_date" in refused.json()["error"]["fields"]


@pytest.mark.django_db
def test_simulator_page_has_a_bbnkb_section_in_both_languages(client):
    query = {"bbnkb-njkb": 15_000_000, "bbnkb-transfer": "first", "bbnkb-transfer_date": "2024-03-15",
             "bbnkb-regency_code": "3578"}
    text = client.get("/pkb/simulasi/", query).content.decode()
    assert 'id="bbnkb-result"' in text and "1.875.000" in text and "penyerahan pertama" in text
    client.cookies["django_language"] = "en"
    english = client.get("/pkb/simulasi/", {**query, "bbnkb-transfer_date": "2026-03-15"}).content.decode()
    for words in ("BBNKB surcharge (opsen)", "first transfer", "2,988,000", "Regional Treasury of Kota Surabaya"):
        assert words in english, words


# --- SWDKLLJ classes and thresholds (item 5) --------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("category", "cc", "use", "klass", "amount"), [
    ("tow_truck", 4000, "private", "tow_truck", 23_000),
    ("light_truck", 2000, "private", "car", 143_000),  # a goods car ≤ 2,400 cc
    ("light_truck", 3908, "private", "truck", 163_000),
    ("motorcycle", 50, "private", "exempt", 0),
    ("motorcycle", 251, "private", "motor_gt250", 83_000),
    ("minibus", 1500, "public_transport", "public_car_le1600", 73_000),
    ("minibus", 1329, "ambulance", "exempt", 0),
])
def test_swdkllj_class_from_rows(rules, category, cc, use, klass, amount):
    day = date(2026, 3, 1)
    assert engine.swdkllj_class(rules, category, cc, use, day) == klass
    facts = VehicleFacts(category=category, cc=cc, use=use, njkb=100_000_000)
    assert amounts(assess(facts, due_date=day, pay_date=day, rules=rules)).get("swdkllj", 0) == amount


@pytest.mark.django_db
def test_heavy_equipment_has_its_class_and_tariff_but_no_pkb_tariff(rules, client):
    assert engine.swdkllj_class(rules, "heavy_equipment", 3000, "private", date(2026, 1, 1)) == "heavy_equipment"
    (tariff,) = [t for t in rules.swdkllj_tariffs if t.class_code == "heavy_equipment"]
    assert (tariff.contribution, tariff.card_fee) == (20_000, 3_000)
    response = client.post("/api/pkb/simulate", {"category": "heavy_equipment", "cc": 3000, "njkb": 1_000_000,
                                                 "due_date": "2026-01-01", "pay_date": "2026-01-01"},
                           content_type="application/json")
    assert response.status_code == 422 and "category" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_cc_thresholds_are_rows_an_officer_can_change():
    facts = VehicleFacts(category="motorcycle", cc=260, use="private", njkb=50_000_000, ownership_order=2)
    day = date(2026, 3, 1)
    before = assess(facts, due_date=day, pay_date=day, rules=rules_load())
    assert before.progressive and amounts(before)["swdkllj"] == 83_000
    SwdklljClassRule.objects.filter(categories="motorcycle", cc_up_to=250).update(cc_up_to=300)
    ProgressiveRule.objects.filter(valid_to__isnull=True).update(cc_threshold=300)
    after = assess(facts, due_date=day, pay_date=day, rules=rules_load())
    assert not after.progressive and after.ownership_order == 1
    assert amounts(after)["swdkllj"] == 35_000


@pytest.mark.django_db
def test_ownership_order_follows_the_progressive_threshold_row():
    from balai.vehicles.selectors import ownership_order

    today = date(2026, 3, 1)
    first = make_vehicle(plate="L 81 TH", cc=260, owned_since=date(2020, 1, 1), njkb=50_000_000, due_date=today)
    second = make_vehicle(plate="L 82 TH", cc=260, owned_since=date(2021, 1, 1), njkb=50_000_000, due_date=today)
    assert (ownership_order(first), ownership_order(second)) == (1, 2)
    ProgressiveRule.objects.update(cc_threshold=300)
    assert ownership_order(second) == 1


# --- where penalties go (item 4) -----------------------------------------------------------------

def _late_car(rules, due=date(2025, 3, 1), months=3):
    car = VehicleFacts(category="minibus", cc=1329, use="private", njkb=200_000_000, regency_code="3507")
    return assess(car, due_date=due, pay_date=engine.add_months(due, months), rules=rules)


@pytest.mark.django_db
def test_penalty_treasury_is_a_dated_row(rules):
    default = {line.code: line for line in _late_car(rules).lines}
    assert default["pkb_penalty"].beneficiary == engine.PROVINCE
    assert default["opsen_pkb_penalty"].beneficiary == "RKUD-3507"  # default reading, UNCONFIRMED
    assert default["opsen_pkb_penalty"].detail["treasury_unconfirmed"] is True
    PenaltyBeneficiary.objects.filter(line_code="opsen_pkb_penalty").update(treasury="province")
    changed = {line.code: line for line in _late_car(rules_load()).lines}
    assert changed["opsen_pkb_penalty"].beneficiary == engine.PROVINCE
    assert changed["opsen_pkb_penalty"].amount == default["opsen_pkb_penalty"].amount


@pytest.mark.django_db
def test_breakdown_names_each_penalty_treasury_in_both_languages(rules):
    raw = _late_car(rules).lines
    lines = {line.code: shown for line, shown in zip(raw, display.shown_lines(raw), strict=True)}
    assert lines["opsen_pkb_penalty"].beneficiary == "Kas Daerah Kabupaten Malang"
    assert "Penerima sanksi ini belum terkonfirmasi." in lines["opsen_pkb_penalty"].basis
    with translation.override("en"):
        english = {line.label: line for line in display.shown_lines(_late_car(rules).lines)}
    line = english["Administrative sanction on the PKB surcharge (opsen)"]
    assert line.beneficiary == "Regional Treasury of Kabupaten Malang"
    assert "The treasury this sanction goes to is not confirmed." in line.basis


# --- the pre-2025 cap (item 6) ---------------------------------------------------------------------

@pytest.mark.django_db
def test_pre_2025_cap_is_unconfirmed_configurable_and_said_when_it_bites(client):
    due = date(2021, 3, 1)
    capped = assess(BIKE, due_date=due, pay_date=engine.add_months(due, 30), rules=rules_load())
    penalty = next(line for line in capped.lines if line.code == "pkb_penalty" and line.due_date == due)
    assert penalty.detail["months"] == 24 and penalty.detail["capped_from"] == 30
    assert penalty.detail["cap_unconfirmed"] is True
    assert display.unconfirmed_cap_changed(capped.lines)
    query = {"category": "motorcycle", "cc": 125, "njkb": 15_000_000, "use": "private", "ownership_order": 1,
             "due_date": "2021-03-01", "pay_date": "2023-09-01", "regency_code": "3578"}
    assert 'id="unconfirmed-cap"' in client.get("/pkb/simulasi/", query).content.decode()
    on_time = {**query, "pay_date": "2021-03-01"}
    assert 'id="unconfirmed-cap"' not in client.get("/pkb/simulasi/", on_time).content.decode()
    # Blank cap: no cap (configurable).
    PenaltyRule.objects.filter(valid_to=date(2025, 1, 4)).update(max_months=None)
    uncapped = assess(BIKE, due_date=due, pay_date=engine.add_months(due, 30), rules=rules_load())
    penalty = next(line for line in uncapped.lines if line.code == "pkb_penalty" and line.due_date == due)
    assert penalty.detail["months"] == 30 and "capped_from" not in penalty.detail
    # 225,000 × 25 % × 30/12
    assert penalty.amount == 140_625


# --- each tax year at its own NJKB (item 3) ---------------------------------------------------------

@pytest.mark.django_db
def test_arrears_value_each_year_at_its_own_njkb_and_say_when_a_row_is_carried():
    regulation = "Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo"
    NjkbPrice.objects.bulk_create([
        NjkbPrice(make="Yamaha", model="Lexi 125", year=2021, category="motorcycle", njkb=15_000_000,
                  valid_from=date(2021, 1, 1), valid_to=date(2023, 12, 31), regulation=regulation),
        NjkbPrice(make="Yamaha", model="Lexi 125", year=2021, category="motorcycle", njkb=12_000_000,
                  valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31), regulation=regulation)])
    vehicle = make_vehicle(plate="L 91 NJ", make="Yamaha", model="Lexi 125", year=2021, njkb=None,
                           due_date=date(2023, 3, 10), stnk_valid_until=date(2099, 1, 1))
    result = vehicle_assess(vehicle=vehicle, pay_date=date(2025, 3, 10))
    pkb = {line.tax_year: line.amount for line in result.assessment.lines if line.code == "pkb"}
    # 2023 at 15,000,000 × 1.5 %; 2024 at 12,000,000 × 1.5 %; 2025 carried from 2024's row, with relief
    assert pkb[2023] == 225_000 and pkb[2024] == 180_000
    assert pkb[2025] == round(12_000_000 * 0.012 * 125 / 166)
    used = result.assessment.njkb
    assert [used[d].amount for d in sorted(used)] == [15_000_000, 12_000_000, 12_000_000]
    assert [used[d].carried for d in sorted(used)] == [False, False, True]
    years = display.shown_years(result.assessment)
    basis = {year: next(line.basis for line in lines if line.label == "PKB pokok") for year, _, lines, _ in years}
    assert "Rp 15.000.000" in basis[2023] and "Rp 12.000.000" in basis[2024]
    assert "tidak ada baris NJKB yang berlaku" in basis[2025] and "tidak ada baris" not in basis[2024]


@pytest.mark.django_db
def test_first_year_without_any_njkb_row_is_refused():
    vehicle = make_vehicle(plate="L 92 NJ", make="Nobody", model="X", year=2021, njkb=None,
                           due_date=date(2024, 3, 10), stnk_valid_until=date(2099, 1, 1))
    result = vehicle_assess(vehicle=vehicle, pay_date=date(2024, 3, 10) + timedelta(days=1))
    assert result.refusal is not None and result.refusal.code == "njkb_unknown"


# --- the annual run bills what the single path bills, with the new rows --------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("penalty_to", ["regency", "province"])
def test_annual_and_single_bills_agree_on_treasuries_and_progressive_rows(penalty_to):
    from django.db import transaction

    from balai.vehicles.bulk import assess_due_month
    from balai.vehicles.models import TaxBill
    from balai.vehicles.services import vehicle_bill_issue

    PenaltyBeneficiary.objects.filter(line_code="opsen_pkb_penalty").update(treasury=penalty_to)
    ProgressiveRule.objects.update(cc_threshold=200)  # a 250 cc bike becomes progressive
    make_vehicle(plate="L 601 PR", cc=250, owned_since=date(2019, 1, 1), njkb=40_000_000,
                 due_date=date(2027, 2, 1), stnk_valid_until=date(2029, 2, 1), regency_code="3507")
    second = make_vehicle(plate="L 602 PR", cc=250, owned_since=date(2020, 1, 1), njkb=40_000_000,
                          due_date=date(2026, 2, 3), stnk_valid_until=date(2029, 2, 3), regency_code="3507")
    today = date(2027, 2, 20)

    def shape(bill):
        return [(line.tax_head, line.label, line.amount, line.beneficiary.code)
                for line in bill.lines.select_related("beneficiary").order_by("position")]

    with transaction.atomic():
        assert assess_due_month("2027-02", today=today).billed == 2
        annual = shape(TaxBill.objects.get(vehicle=second).bill)
        transaction.set_rollback(True)
    single = shape(vehicle_bill_issue(vehicle=second, today=today))
    assert annual == single
    penalty = [line for line in single if line[0] == "opsen_pkb_sanksi"]
    assert penalty and penalty[0][3] == ("RKUD-35" if penalty_to == "province" else "RKUD-3507")
    assert ("Kabupaten Malang" in penalty[0][1]) == (penalty_to == "regency")
    pkb_2027 = next(line for line in single if line[0] == "pkb" and line[1].endswith("2027"))
    assert pkb_2027[2] == 40_000_000 * 17 // 1000  # 1.7 %: the second progressive vehicle
