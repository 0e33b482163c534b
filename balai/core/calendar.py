"""Working-day calendar for service-level clocks (SLA in *hari kerja*).

A day is a working day when it is Monday–Friday (government offices work five days a week),
not an Indonesian national holiday, not a cuti bersama (joint leave, SKB 3 Menteri) and not a
local holiday. National holidays and cuti bersama come from the PyPI ``holidays`` package
(country ``ID``, categories ``public`` + ``government``); the admin-editable ``core.Holiday``
table adds local holidays or extra cuti bersama and can also declare a listed day a working day
(rules are data, invariant 6). Rows with a regency code apply to that regency only.

Conventions (documented because an SLA depends on them):
- ``add_working_days(start, n)``: the day of submission does not count; the result is the n-th
  working day after ``start`` (for ``n == 0``: ``start`` itself if it is a working day, else the
  next one).
- ``working_days_between(a, b)``: working days ``d`` with ``a < d <= b`` (used to extend a due
  date by the working days a case spent paused).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as holidays_lib

# Upper bound for loops: no SLA is anywhere near this many calendar days.
_MAX_SPAN_DAYS = 3660


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """National holidays and cuti bersama of ``year`` (Indonesian names)."""
    table = holidays_lib.country_holidays("ID", years=year, categories=("public", "government"), language="id")
    return dict(table.items())


def _local_overrides(start: date, end: date, regency_code: str) -> dict[date, bool]:
    """``{date: is_holiday}`` from the admin table; a regency row beats a province-wide row."""
    from .models import Holiday

    rows = Holiday.objects.filter(date__gte=start, date__lte=end, regency_code__in=["", regency_code or ""])
    result: dict[date, bool] = {}
    for row in sorted(rows.values("date", "regency_code", "is_holiday"), key=lambda r: r["regency_code"]):
        result[row["date"]] = row["is_holiday"]  # "" sorts first, so the regency row wins
    return result


class WorkingCalendar:
    """A calendar for a date window, loaded with one query. Build it with ``calendar_for``."""

    def __init__(self, overrides: dict[date, bool]):
        self.overrides = overrides

    def holiday_name(self, day: date) -> str | None:
        return national_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return not self.overrides[day]
        if day.weekday() >= 5:
            return False
        return day not in national_holidays(day.year)

    def add_working_days(self, start: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        if n == 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
            return day
        counted = 0
        for _ in range(_MAX_SPAN_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
                if counted == n:
                    return day
        raise ValueError("span too long")

    def working_days_between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=i)))


def calendar_for(start: date, *, regency_code: str = "", span_days: int = 400) -> WorkingCalendar:
    """A calendar valid from ``start`` for ``span_days`` (local rows outside it are not loaded)."""
    end = start + timedelta(days=span_days)
    return WorkingCalendar(_local_overrides(start - timedelta(days=span_days), end, regency_code))


def is_working_day(day: date, *, regency_code: str = "") -> bool:
    return calendar_for(day, regency_code=regency_code, span_days=0).is_working_day(day)


def add_working_days(start: date, n: int, *, regency_code: str = "") -> date:
    # Two calendar days per working day is a generous window even around Idul Fitri.
    return calendar_for(start, regency_code=regency_code, span_days=2 * n + 30).add_working_days(start, n)


def working_days_between(start: date, end: date, *, regency_code: str = "") -> int:
    if end <= start:
        return 0
    cal = WorkingCalendar(_local_overrides(start, end, regency_code))
    return cal.working_days_between(start, end)
