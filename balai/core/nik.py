"""NIK, KK number and NIP rules (REFERENCE §1).

Pure functions: the region names come from a ``RegionDirectory`` that the caller passes in, or
the one the ``regions`` app registers at start-up (it reads the packaged Kemendagri table, so
parsing needs no database). Errors carry stable codes that the API and the forms show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext_lazy as _

JATIM = "35"

# Women's NIKs carry the day of birth plus 40 (UU 24/2013 layout as published by Ditjen Dukcapil).
FEMALE_DAY_OFFSET = 40
# Age window used to resolve the two-digit year of birth (REFERENCE §1.1 rule 5).
MAX_PLAUSIBLE_AGE = 120

ERROR_MESSAGES = {
    "length": _("NIK harus terdiri dari 16 digit."),
    "non_digit": _("NIK hanya boleh berisi angka 0–9."),
    "unknown_province": _("Kode provinsi pada NIK (dua digit pertama) tidak dikenal."),
    "unknown_regency": _("Kode kabupaten/kota pada NIK (digit 3–4) tidak dikenal."),
    "unknown_district": _("Kode kecamatan pada NIK (digit 5–6) tidak dikenal."),
    "invalid_date": _("Tanggal lahir pada NIK (digit 7–12) bukan tanggal yang ada."),
    "future_date": _("Tanggal lahir pada NIK berada di masa depan."),
    "serial_zero": _("Nomor urut pada NIK (empat digit terakhir) tidak boleh 0000."),
}
WARNING_MESSAGES = {
    "unknown_regency": _(
        "Kode kabupaten/kota tidak ada di tabel wilayah terbaru; NIK lama dari daerah yang dimekarkan "
        "tetap berlaku. Mohon verifikasi ke Dukcapil."
    ),
    "unknown_district": _(
        "Kode kecamatan tidak ada di tabel wilayah terbaru; NIK lama dari daerah yang dimekarkan "
        "tetap berlaku. Mohon verifikasi ke Dukcapil."
    ),
}


class RegionDirectory(Protocol):
    def name(self, code: str) -> str | None:
        """Official name of a province (2), regency (4) or district (6) code, or None."""


@dataclass(frozen=True)
class Issue:
    code: str
    message: str


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str | None

    @property
    def dotted(self) -> str:
        return ".".join(self.code[i : i + 2] for i in range(0, len(self.code), 2))


@dataclass
class NikResult:
    nik: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    province: RegionRef | None = None
    regency: RegionRef | None = None
    district: RegionRef | None = None
    birth_date: dt.date | None = None
    sex: str | None = None  # "M" or "F"
    serial: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def error_codes(self) -> list[str]:
        return [e.code for e in self.errors]


_directory: RegionDirectory | None = None


def register_region_directory(directory: RegionDirectory) -> None:
    """Called by the regions app in ``ready()``; lower layers never import the regions app."""
    global _directory
    _directory = directory


def _default_directory() -> RegionDirectory:
    if _directory is None:
        raise RuntimeError("No region directory registered; is balai.regions installed?")
    return _directory


def _issue(code: str, *, warning: bool = False) -> Issue:
    messages = WARNING_MESSAGES if warning else ERROR_MESSAGES
    return Issue(code, str(messages[code]))


def _plausible_regency(code2: str) -> bool:
    # Permendagri 58/2021: kabupaten 01–69, kota 71–99.
    n = int(code2)
    return 1 <= n <= 69 or 71 <= n <= 99


def birth_date_candidates(day: int, month: int, yy: int, *, today: dt.date) -> list[dt.date]:
    """Existing dates with these digits in this century and the previous one (newest first)."""
    base = today.year // 100 * 100
    found = []
    for year in (base + yy, base - 100 + yy):
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            continue
    return found


def resolve_birth_date(candidates: list[dt.date], *, today: dt.date) -> dt.date | None:
    """The most recent candidate not after today and within MAX_PLAUSIBLE_AGE years."""
    plausible = [d for d in candidates if d <= today and today.year - d.year <= MAX_PLAUSIBLE_AGE]
    return max(plausible) if plausible else None


def parse_nik(nik: str, *, today: dt.date, regions: RegionDirectory | None = None) -> NikResult:
    """Decode a NIK (REFERENCE §1.1). Never raises for bad input: look at ``result.errors``."""
    raw = "" if nik is None else str(nik)
    result = NikResult(nik=raw)
    if not raw.isascii() or not raw.isdigit():
        result.errors.append(_issue("non_digit"))
        if len(raw) != 16:
            result.errors.append(_issue("length"))
        return result
    if len(raw) != 16:
        result.errors.append(_issue("length"))
        return result

    directory = regions or _default_directory()
    prov, reg, dist = raw[:2], raw[:4], raw[:6]
    prov_name = directory.name(prov)
    if prov_name is None:
        result.errors.append(_issue("unknown_province"))
    else:
        result.province = RegionRef(prov, prov_name)
        reg_name = directory.name(reg)
        in_jatim = prov == JATIM
        if reg_name is None:
            # Outside Jatim a NIK keeps the code of a region that may since have been split
            # (Papua 2022): warn, do not reject (REFERENCE §1.1 rule 3). Jatim's codes are stable.
            if in_jatim or not _plausible_regency(raw[2:4]):
                result.errors.append(_issue("unknown_regency"))
            else:
                result.warnings.append(_issue("unknown_regency", warning=True))
                result.regency = RegionRef(reg, None)
                result.district = RegionRef(dist, None)
        else:
            result.regency = RegionRef(reg, reg_name)
            dist_name = directory.name(dist)
            if dist_name is None:
                if in_jatim or raw[4:6] == "00":
                    result.errors.append(_issue("unknown_district"))
                else:
                    result.warnings.append(_issue("unknown_district", warning=True))
                    result.district = RegionRef(dist, None)
            else:
                result.district = RegionRef(dist, dist_name)

    day, month, yy = int(raw[6:8]), int(raw[8:10]), int(raw[10:12])
    sex = "F" if day > FEMALE_DAY_OFFSET else "M"
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
    candidates = birth_date_candidates(day, month, yy, today=today) if 1 <= month <= 12 else []
    if not candidates:
        result.errors.append(_issue("invalid_date"))
    else:
        birth = resolve_birth_date(candidates, today=today)
        if birth is None:
            result.errors.append(_issue("future_date"))
        else:
            result.birth_date = birth
            result.sex = sex

    serial = raw[12:]
    if serial == "0000":
        result.errors.append(_issue("serial_zero"))
    else:
        result.serial = serial
    return result


def build_nik(district_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """The inverse of parse_nik for allocation and tests."""
    if len(district_code) != 6 or not district_code.isdigit():
        raise ValueError("district_code must be 6 digits")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "F" else 0)
    return f"{district_code}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


# --- KK number (REFERENCE §1.2) --------------------------------------------------------------

KK_ERROR_MESSAGES = {
    "length": _("Nomor KK harus terdiri dari 16 digit."),
    "non_digit": _("Nomor KK hanya boleh berisi angka 0–9."),
    "unknown_province": _("Kode provinsi pada nomor KK tidak dikenal."),
    "serial_zero": _("Nomor urut pada nomor KK tidak boleh 0000."),
}


def check_kk_number(kk: str, *, regions: RegionDirectory | None = None) -> list[Issue]:
    """Format check only. Positions 7–16 are treated as opaque: their DDMMYY + serial
    composition is UNCONFIRMED in a primary regulation (REFERENCE §1.2)."""
    raw = "" if kk is None else str(kk)
    if not raw.isascii() or not raw.isdigit():
        return [Issue("non_digit", str(KK_ERROR_MESSAGES["non_digit"]))]
    if len(raw) != 16:
        return [Issue("length", str(KK_ERROR_MESSAGES["length"]))]
    issues = []
    if (regions or _default_directory()).name(raw[:2]) is None:
        issues.append(Issue("unknown_province", str(KK_ERROR_MESSAGES["unknown_province"])))
    if raw[12:] == "0000":
        issues.append(Issue("serial_zero", str(KK_ERROR_MESSAGES["serial_zero"])))
    return issues


# --- NIP (REFERENCE §1.4; layout UNCONFIRMED against the BKN text: warnings only) -----------

def nip_warnings(nip: str) -> list[str]:
    """Warnings (never errors) for an 18-digit PNS NIP: YYYYMMDD birth · YYYYMM start · sex · serial.
    PPPK numbers use another scheme, so nothing here may block a save."""
    raw = (nip or "").replace(" ", "")
    if not raw:
        return []
    if not raw.isdigit() or len(raw) != 18:
        return [str(_("NIP PNS biasanya 18 digit angka."))]
    warnings = []
    try:
        dt.date(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        warnings.append(str(_("Digit 1–8 NIP bukan tanggal lahir yang valid.")))
    if not 1 <= int(raw[12:14]) <= 12:
        warnings.append(str(_("Digit 9–14 NIP bukan bulan TMT CPNS yang valid.")))
    if raw[14] not in "12":
        warnings.append(str(_("Digit ke-15 NIP (jenis kelamin) biasanya 1 atau 2.")))
    return warnings
