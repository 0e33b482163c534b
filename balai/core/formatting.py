"""Indonesian formatting of money, dates and times for documents, receipts and pages.

These helpers always produce Indonesian output, whatever language the web page is in: a signed
document is a legal text in Bahasa Indonesia (dates like "5 Desember 1999", money like
"Rp 1.234.567", times like "14.30 WIB"). Money is integer rupiah (ARCHITECTURE invariant 7).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone, translation

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Indonesia has three time zones; the abbreviation printed after a time (Perpres 41/1987).
_ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
                       "Asia/Jayapura": "WIT"}


def _check_int(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"money is integer rupiah, got {type(amount).__name__}")
    return amount


def format_number(value: int) -> str:
    """``1234567`` → ``1.234.567`` (Indonesian thousands separator is the full stop)."""
    return f"{_check_int(value):,}".replace(",", ".")


def format_rupiah(amount: int) -> str:
    """``1234567`` → ``Rp 1.234.567``; negative amounts as ``-Rp 5.000``."""
    amount = _check_int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {format_number(abs(amount))}"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date_id(value: dt.date | dt.datetime, *, weekday: bool = False) -> str:
    """``date(1999, 12, 5)`` → ``5 Desember 1999`` (``Minggu, 5 Desember 1999`` with weekday)."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{DAYS[value.weekday()]}, {text}" if weekday else text


def format_date_ui(value: dt.date | dt.datetime, *, language: str | None = None) -> str:
    """A date in words in the language of the page (the active one unless ``language`` is given):
    ``2 Mei 2027`` in Indonesian, ``2 May 2027`` in English. For web pages and messages only;
    documents keep ``format_date_id`` (a signed document is an Indonesian text)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == "id":
        return format_date_id(value)
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    with translation.override(language):
        return formats.date_format(value, "j F Y")


def zone_abbreviation(value: dt.datetime) -> str:
    name = str(getattr(_local(value).tzinfo, "key", "") or timezone.get_current_timezone_name())
    return _ZONE_ABBREVIATIONS.get(name, _local(value).strftime("%Z") or "")


def format_time_id(value: dt.datetime, *, seconds: bool = False) -> str:
    """``14:30`` → ``14.30 WIB`` (the full stop is the Indonesian time separator, PUEBI)."""
    local = _local(value)
    text = local.strftime("%H.%M.%S" if seconds else "%H.%M")
    zone = zone_abbreviation(local) if timezone.is_aware(value) else ""
    return f"{text} {zone}".strip()


def format_datetime_id(value: dt.datetime, *, seconds: bool = False) -> str:
    """``5 Desember 1999 14.30 WIB``."""
    return f"{format_date_id(value)} {format_time_id(value, seconds=seconds)}"


def roman_month(value: dt.date | dt.datetime) -> str:
    """Month in Roman numerals, as in official letter numbers (``.../XI/2026``)."""
    return ROMAN_MONTHS[value.month - 1]


_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
          "sebelas")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _words(n: int) -> str:
    if n < 12:
        return _UNITS[n]
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh {_words(rest)}".strip()
    if n < 200:
        return f"seratus {_words(n - 100)}".strip()
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_UNITS[hundreds]} ratus {_words(rest)}".strip()
    if n < 2000:
        return f"seribu {_words(n - 1000)}".strip()
    if n < 10**6:
        thousands, rest = divmod(n, 1000)
        return f"{_words(thousands)} ribu {_words(rest)}".strip()
    for scale, name in _SCALES:
        if n >= scale:
            major, rest = divmod(n, scale)
            return f"{_words(major)} {name} {_words(rest)}".strip()
    raise AssertionError("unreachable")


def rupiah_in_words(amount: int) -> str:
    """``1250000`` → ``satu juta dua ratus lima puluh ribu rupiah`` ("terbilang" on receipts)."""
    amount = _check_int(amount)
    if amount == 0:
        return "nol rupiah"
    words = _words(abs(amount))
    return f"{'minus ' if amount < 0 else ''}{words} rupiah"
