"""Date rules of SIM and passports (REFERENCE §5). Pure: no database, no clock, no settings.

- A SIM is valid ``years`` from its date of issue, up to and including the anniversary printed on
  the card: 5 years (Perpol 5/2021 Art. 4), an international SIM 3 years (REFERENCE §5.1). The
  number is the class's data (``LicenceClass.validity_years``); the callers pass it. A SIM issued
  on 29 February expires on 28 February (the anniversary does not exist; the card cannot outlive
  its years).
- Renewal is possible from ``window_days`` before expiry up to the expiry date; after it a new SIM
  with written and practical tests is needed (REFERENCE §5.1).
- A passport's expiry is printed on it; Balai reminds ``months`` before it (clamped to the month's
  last day: 31 July minus 9 months is 31 October, 31 May minus 7 months is 31 October too).
- An M-Paspor billing code lapses ``hours`` after it appeared (REFERENCE §5.2: 2 hours).
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

SIM_VALIDITY_YEARS = 5  # Perpol 5/2021 Art. 4: the default of a class; the international SIM has 3


class SimPhase(StrEnum):
    VALID = "valid"  # before the renewal window
    RENEWABLE = "renewable"  # inside the window, not expired
    EXPIRED = "expired"  # the day after expiry and later: a new SIM with tests


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sim_expiry(issued_on: dt.date, years: int = SIM_VALIDITY_YEARS) -> dt.date:
    return add_years(issued_on, years)


def sim_issue_dates(expiry: dt.date, years: int) -> list[dt.date]:
    """The issue dates whose SIM of ``years`` expires on ``expiry`` (the inverse of ``sim_expiry``:
    28 February also takes 29 February issues)."""
    found = [add_years(expiry, -years)]
    if (expiry.month, expiry.day) == (2, 28) and calendar.isleap(expiry.year - years):
        found.append(dt.date(expiry.year - years, 2, 29))
    return sorted({d for d in found if sim_expiry(d, years) == expiry})


def renewal_opens(expiry: dt.date, window_days: int) -> dt.date:
    return expiry - dt.timedelta(days=window_days)


def sim_phase(issued_on: dt.date, today: dt.date, window_days: int, years: int = SIM_VALIDITY_YEARS) -> SimPhase:
    expiry = sim_expiry(issued_on, years)
    if today > expiry:
        return SimPhase.EXPIRED
    if today >= renewal_opens(expiry, window_days):
        return SimPhase.RENEWABLE
    return SimPhase.VALID


def sim_reminder_dates(issued_on: dt.date, days_before: tuple[int, ...],
                       years: int = SIM_VALIDITY_YEARS) -> list[dt.date]:
    expiry = sim_expiry(issued_on, years)
    return sorted({expiry - dt.timedelta(days=d) for d in days_before})


def passport_reminder_dates(expires_on: dt.date, months_before: tuple[int, ...]) -> list[dt.date]:
    return sorted({add_months(expires_on, -m) for m in months_before})


def passport_expiry_plausible(issued_on: dt.date, expires_on: dt.date, validity_years: int) -> bool:
    """A printed expiry within a few days of issue + validity (offices print the anniversary or
    the day before it)."""
    nominal = add_years(issued_on, validity_years)
    return abs((expires_on - nominal).days) <= 3


def billing_deadline(billing_at: dt.datetime, hours: int) -> dt.datetime:
    return billing_at + dt.timedelta(hours=hours)
