"""Number plates (TNKB / nomor registrasi) of Jawa Timur.

A plate is an area code (1–2 letters), a number (1–4 digits, no leading zero) and a suffix
(0–3 letters): ``L 1234 AB``. Jatim's area codes are L (Surabaya), M (Madura), N (Malang),
P (Besuki), S (Bojonegoro), W (Sidoarjo–Gresik), AE (Madiun) and AG (Kediri) (Perpol 7/2021,
annex on area codes). Stored without spaces (``L1234AB``); shown with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from balai.core.errors import DomainError

JATIM_AREA_CODES = ("AE", "AG", "L", "M", "N", "P", "S", "W")
_SHAPE = re.compile(r"^([A-Z]{1,2})(\d{1,4})([A-Z]{0,3})$")


class PlateError(DomainError, ValueError):
    """A malformed plate (API: 422 ``invalid_plate``); ``rule`` names the broken rule."""

    status_code = 422

    def __init__(self, rule: str, message):
        self.rule = rule
        super().__init__("invalid_plate", message, fields={"plate": [str(message)], "rule": rule})


@dataclass(frozen=True)
class Plate:
    area: str
    number: str
    suffix: str

    @property
    def normalised(self) -> str:
        return f"{self.area}{self.number}{self.suffix}"

    @property
    def display(self) -> str:
        return " ".join(part for part in (self.area, self.number, self.suffix) if part)


def parse_plate(raw: str) -> Plate:
    """``"l 1234 ab"``, ``"L-1234-AB"`` and ``"L1234AB"`` all give ``L 1234 AB``."""
    text = re.sub(r"[\s.\-]+", "", (raw or "").upper())
    if not text:
        raise PlateError("required", _("Nomor polisi wajib diisi."))
    if len(text) > 9:
        raise PlateError("length", _("Nomor polisi paling panjang 9 karakter tanpa spasi."))
    match = _SHAPE.match(text)
    if match is None:
        raise PlateError("format", _("Format nomor polisi: kode wilayah (huruf), nomor 1–4 angka, "
                                     "lalu 0–3 huruf, misalnya L 1234 AB."))
    area, number, suffix = match.groups()
    if number.startswith("0"):
        raise PlateError("leading_zero", _("Nomor pada nomor polisi tidak boleh diawali angka 0."))
    if area not in JATIM_AREA_CODES:
        raise PlateError("area", _("Kode wilayah %(area)s bukan kode wilayah Jawa Timur (%(codes)s).")
                         % {"area": area, "codes": ", ".join(JATIM_AREA_CODES)})
    return Plate(area, number, suffix)


def normalise_plate(raw: str) -> str:
    return parse_plate(raw).normalised


def display_plate(normalised: str) -> str:
    try:
        return parse_plate(normalised).display
    except PlateError:
        return normalised
