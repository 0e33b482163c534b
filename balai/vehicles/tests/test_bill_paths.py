"""A vehicle's PKB bill reads the same whether issued alone (online, at the Samsat) or by the
annual run, and both draw their payment codes from payments' one scheme and counter."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from balai.core.numbers import damm_valid
from balai.payments.codes import PAYMENT_CODE_COUNTER, payment_codes
from balai.payments.models import Bill
from balai.vehicles.bulk import assess_due_month
from balai.vehicles.models import TaxBill
from balai.vehicles.services import vehicle_bill_issue
from balai.vehicles.tests.factories import make_vehicle


def _shape(bill: Bill) -> dict:
    return {"description": bill.description, "period": bill.period, "total": bill.total,
            "expires_at": bill.expires_at, "regency": bill.regency_code, "payer_name": bill.payer_name,
            "lines": [(line.position, line.tax_head, line.label, line.amount, line.beneficiary.code)
                      for line in bill.lines.select_related("beneficiary").order_by("position")]}


@pytest.mark.django_db
def test_annual_and_single_bills_of_a_vehicle_have_the_same_lines_labels_beneficiaries_and_expiry():
    # A year in arrears, billed late in the month of its due date: the amount holds past today
    # (the next month of sanction starts in March), so the expiry is not simply "today".
    vehicle = make_vehicle(plate="L 4321 XY", regency_code="3507", due_date=date(2026, 2, 3),
                           stnk_valid_until=date(2029, 2, 3), njkb=18_000_000)
    today = date(2027, 2, 20)
    with transaction.atomic():
        report = assess_due_month("2027-02", today=today)
        assert report.billed == 1
        annual = _shape(TaxBill.objects.get(vehicle=vehicle).bill)
        transaction.set_rollback(True)
    assert not TaxBill.objects.exists()
    single = _shape(vehicle_bill_issue(vehicle=vehicle, today=today))
    assert annual == single
    assert any("Kabupaten Malang" in label for _p, _h, label, _a, _b in single["lines"])  # opsen names its regency
    assert {code for *_rest, code in single["lines"]} >= {"RKUD-35", "RKUD-3507", "JR-JATIM"}
    assert single["description"] == "PKB L 4321 XY 2026–2027"
    assert single["expires_at"].date() > today


@pytest.mark.django_db
def test_single_and_bulk_payment_codes_come_from_one_scheme_and_counter_and_never_collide():
    # dates from today: a bill's pay-by date must lie ahead (a fixed "today" failed once the clock passed it)
    today = timezone.localdate()
    month = (today.replace(day=1) + timedelta(days=62)).replace(day=1)
    make_vehicle(due_date=today - timedelta(days=300), stnk_valid_until=today + timedelta(days=800))
    for day in (5, 9, 14):
        make_vehicle(due_date=month.replace(day=day), stnk_valid_until=month.replace(year=month.year + 2, day=day))
    single = make_vehicle(due_date=today - timedelta(days=266), stnk_valid_until=today + timedelta(days=830))
    first = vehicle_bill_issue(vehicle=single, today=today).payment_code
    report = assess_due_month(month.strftime("%Y-%m"), today=today)
    assert report.billed == 4
    other = make_vehicle(plate="L 77 Q", due_date=today - timedelta(days=235), stnk_valid_until=today + timedelta(days=860))
    last = vehicle_bill_issue(vehicle=other, today=today).payment_code
    codes = list(Bill.objects.order_by("id").values_list("payment_code", flat=True))
    assert len(codes) == len(set(codes)) == 6 and codes[0] == first and codes[-1] == last
    assert all(len(code) == 15 and damm_valid(code) for code in codes)
    # Exactly the scheme's codes of counter values 1…6, in issue order: one permutation, one counter.
    from balai.core.models import Counter

    assert Counter.objects.get(key=PAYMENT_CODE_COUNTER).value == 6
    assert codes == [payment_codes().code(n) for n in range(1, 7)]
