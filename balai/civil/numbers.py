"""NIK and KK-number allocation (REFERENCE §1.1–1.2; ARCHITECTURE invariant 4).

A counter per 12-digit prefix (``balai.core.numbers.next_value``) hands out serials atomically.
The first use of a prefix seeds its counter past the highest serial already in the register
(``INSERT … ON CONFLICT DO NOTHING``: concurrent first users wait on the key and the loser
does nothing). Imports may write numbers above a counter, so a drawn number that is already
taken is skipped, and the unique constraints on ``Person.nik`` / ``FamilyCard.kk_number`` stay
the last word. Call inside the transaction that stores the number.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils.translation import gettext as _

from balai.core.nik import build_nik
from balai.core.numbers import next_value

from .conf import conf
from .models import FamilyCard, Person

MAX_SERIAL = 9999


class NumberExhausted(Exception):
    pass


def _seed(key: str, table: str, column: str, prefix: str) -> None:
    """Create the counter at the highest serial in use for ``prefix`` unless it exists."""
    sql = (
        "INSERT INTO core_counter (key, value) "  # noqa: S608 - constant table/column names
        f"SELECT %s, COALESCE(MAX(CAST(SUBSTR({column}, 13, 4) AS INTEGER)), 0) FROM {table} "
        f"WHERE {column} LIKE %s ON CONFLICT (key) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, prefix + "%"])


def raise_counter(key: str, value: int) -> None:
    """Make sure counter ``key`` is at least ``value`` (after an import wrote numbers itself)."""
    sql = (
        "INSERT INTO core_counter (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = "
        "CASE WHEN core_counter.value < excluded.value THEN excluded.value ELSE core_counter.value END"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, value])


def nik_prefix(district_code: str, birth_date: dt.date, sex: str) -> str:
    return build_nik(district_code, birth_date, sex, 1)[:12]


def nik_counter_key(prefix: str) -> str:
    return f"nik:{prefix}"


def allocate_nik(*, district_code: str, birth_date: dt.date, sex: str) -> str:
    """Next free NIK: registering district + birth date (day + 40 for girls) + serial."""
    prefix = nik_prefix(district_code, birth_date, sex)
    key = nik_counter_key(prefix)
    _seed(key, Person._meta.db_table, "nik", prefix)
    while True:
        serial = next_value(key)
        if serial > MAX_SERIAL:
            raise NumberExhausted(_("Nomor urut NIK untuk awalan %(prefix)s sudah habis.") % {"prefix": prefix})
        nik = build_nik(district_code, birth_date, sex, serial)
        if not Person.objects.filter(nik=nik).exists():
            return nik


def kk_prefix(district_code: str, on: dt.date) -> str:
    return district_code + on.strftime(conf("CIVIL_KK_DATE_FORMAT"))


def allocate_kk_number(*, district_code: str, on: dt.date) -> str:
    """Next KK number: district of the address + date element + 4-digit family serial."""
    prefix = kk_prefix(district_code, on)
    if len(prefix) != 12 or not prefix.isdigit():
        raise ValueError("CIVIL_KK_DATE_FORMAT must give 6 digits")
    key = f"kk:{prefix}"
    _seed(key, FamilyCard._meta.db_table, "kk_number", prefix)
    while True:
        serial = next_value(key)
        if serial > MAX_SERIAL:
            raise NumberExhausted(_("Nomor urut KK untuk awalan %(prefix)s sudah habis.") % {"prefix": prefix})
        number = f"{prefix}{serial:04d}"
        if not FamilyCard.objects.filter(kk_number=number).exists():
            return number
