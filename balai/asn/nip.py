"""NIP (REFERENCE §1.4): 18 digits is a rule (a field error); the inner layout of a PNS number
(birth date YYYYMMDD · CPNS start YYYYMM · sex 1/2 · serial) is UNCONFIRMED, so it only gives
warnings, never a refusal. PPPK numbers follow another scheme: their layout is not checked."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalize(value: str) -> str:
    return "".join(str(value or "").split())


def check_length(value: str) -> str:
    """The NIP without spaces; ``ValidationError`` unless it is exactly 18 digits."""
    nip = normalize(value)
    if len(nip) != 18 or not nip.isdigit():
        raise ValidationError(_("NIP harus 18 angka."), code="nip_length")
    return nip


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def layout_warnings(nip: str, *, kind: str = "pns", birth_date: date | None = None) -> list[str]:
    """Warnings about the inner layout of an 18-digit PNS NIP (empty for PPPK)."""
    if kind != "pns":
        return []
    warnings: list[str] = []
    born = _date_or_none(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None:
        warnings.append(_("Delapan angka pertama NIP bukan tanggal lahir yang sah."))
    elif birth_date is not None and born != birth_date:
        warnings.append(_("Tanggal lahir di NIP berbeda dengan tanggal lahir yang diisi."))
    start_month = int(nip[12:14])
    if not 1 <= start_month <= 12:
        warnings.append(_("Angka 9–14 NIP bukan bulan dan tahun pengangkatan CPNS yang sah."))
    elif born is not None and int(nip[8:12]) < born.year + 15:
        warnings.append(_("Tahun pengangkatan CPNS di NIP terlalu dekat dengan tahun lahir."))
    if nip[14] not in "12":
        warnings.append(_("Angka ke-15 NIP (jenis kelamin) seharusnya 1 atau 2."))
    return warnings
