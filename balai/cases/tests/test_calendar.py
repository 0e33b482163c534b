"""Working-day calendar across 2025–2026: national holidays, cuti bersama (SKB 3 Menteri, via the
``holidays`` package's government category) and local rows from the admin table."""

import datetime as dt

import pytest

from balai.core import calendar
from balai.core.models import Holiday

D = dt.date


@pytest.mark.parametrize("day, working", [
    (D(2025, 1, 1), False),    # Tahun Baru Masehi
    (D(2025, 1, 28), False),   # cuti bersama Imlek
    (D(2025, 3, 31), False),   # Idul Fitri
    (D(2025, 4, 7), False),    # cuti bersama Idul Fitri (Monday)
    (D(2025, 4, 8), True),     # back to work
    (D(2025, 8, 18), False),   # cuti bersama Kemerdekaan
    (D(2025, 12, 26), False),  # cuti bersama Natal
    (D(2025, 12, 29), True),
    (D(2026, 3, 20), False),   # cuti bersama Idul Fitri 2026
    (D(2026, 3, 23), False),
    (D(2026, 3, 25), True),
    (D(2026, 5, 15), False),   # cuti bersama Kenaikan Yesus Kristus
    (D(2026, 12, 24), False),  # cuti bersama Natal 2026
    (D(2026, 12, 26), False),  # Saturday
    (D(2026, 12, 28), True),
])
@pytest.mark.django_db
def test_national_holidays_and_cuti_bersama(day, working):
    assert calendar.is_working_day(day) is working


@pytest.mark.django_db
def test_add_working_days_skips_lebaran_2025():
    # Friday 28 March 2025 (cuti bersama Nyepi): the next working day is Tuesday 8 April
    assert calendar.add_working_days(D(2025, 3, 27), 1) == D(2025, 4, 8)
    assert calendar.add_working_days(D(2025, 3, 27), 3) == D(2025, 4, 10)


@pytest.mark.django_db
def test_add_working_days_over_year_end_2025_2026():
    # 24 Dec 2025 (Wed) + 3: 25 Natal, 26 cuti bersama, weekend, 29, 30, 31
    assert calendar.add_working_days(D(2025, 12, 24), 3) == D(2025, 12, 31)
    # 31 Dec + 1: 1 Jan 2026 is a holiday → Friday 2 January
    assert calendar.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)


@pytest.mark.django_db
def test_zero_days_is_same_or_next_working_day():
    assert calendar.add_working_days(D(2026, 3, 25), 0) == D(2026, 3, 25)
    assert calendar.add_working_days(D(2026, 3, 21), 0) == D(2026, 3, 25)  # Idul Fitri 2026 week


@pytest.mark.django_db
def test_working_days_between():
    assert calendar.working_days_between(D(2025, 4, 4), D(2025, 4, 11)) == 4  # 8, 9, 10, 11
    assert calendar.working_days_between(D(2025, 4, 11), D(2025, 4, 4)) == 0


@pytest.mark.django_db
def test_local_holiday_table_for_one_regency():
    Holiday.objects.create(date=D(2026, 5, 29), name="Libur lokal (contoh)", regency_code="3578")
    assert calendar.is_working_day(D(2026, 5, 29), regency_code="3578") is False
    assert calendar.is_working_day(D(2026, 5, 29), regency_code="3507") is True
    assert calendar.add_working_days(D(2026, 5, 28), 1, regency_code="3578") == D(2026, 6, 2)  # 1 Jun Pancasila


@pytest.mark.django_db
def test_province_row_can_cancel_a_cuti_bersama_and_regency_row_wins():
    Holiday.objects.create(date=D(2025, 12, 26), name="Cuti bersama dibatalkan", is_holiday=False)
    assert calendar.is_working_day(D(2025, 12, 26)) is True
    Holiday.objects.create(date=D(2025, 12, 26), name="Tetap libur di Surabaya", regency_code="3578")
    assert calendar.is_working_day(D(2025, 12, 26), regency_code="3578") is False
    assert calendar.is_working_day(D(2025, 12, 26), regency_code="3507") is True


def test_holiday_names_are_indonesian():
    assert "Cuti Bersama" in calendar.national_holidays(2026)[D(2026, 12, 24)]
