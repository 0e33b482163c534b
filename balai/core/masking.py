"""Masking of identity numbers for lists, logs and public pages (REFERENCE §7: UU PDP, PP 40/2019)."""

from __future__ import annotations

import re

# A 16-digit run not glued to other digits: a NIK or a KK number.
_IDENTITY_RE = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)")


def mask_nik(value: str | None) -> str:
    """Keep the 6-digit region prefix and the last 4 digits: ``357808******0001``."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


mask_kk = mask_nik


def mask_identity_numbers(text: str) -> str:
    """Mask every 16-digit NIK/KK-shaped run inside free text (used by the logging filter)."""
    return _IDENTITY_RE.sub(lambda m: m.group(1) + "******" + m.group(3), text)


def mask_name(name: str | None) -> str:
    """``Siti Aminah`` → ``S*** A*****``: enough for a person to recognise, not to identify."""
    if not name:
        return ""
    return " ".join(word[0] + "*" * (len(word) - 1) if word else word for word in name.split(" "))


# A number plate (TNKB): area code (1–2 letters), number (1–4 digits, no leading zero), suffix
# (0–3 letters), with or without spaces: ``L 1234 AB``, ``L1234AB``. Not glued to other letters or
# digits, so words, years and payment codes are left alone.
_PLATE_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}) ?([1-9]\d{0,3}) ?([A-Z]{0,3})(?![A-Za-z0-9])")


def _hide_number(number: str) -> str:
    return number[0] + "*" * (len(number) - 1) if len(number) > 1 else "*"


def _masked_plate(match: re.Match) -> str:
    area, number, suffix = match.groups()
    return " ".join(part for part in (area, _hide_number(number), suffix) if part)


def mask_plate(value: str | None) -> str:
    """``L 1234 AB`` → ``L 1*** AB``: the area and suffix say little, the number identifies the
    vehicle (and through the register, its owner). Anything not shaped like a plate keeps its
    letters and loses every digit."""
    if not value:
        return ""
    value = str(value).strip()
    match = _PLATE_RE.fullmatch(re.sub(r"[\s.\-]+", " ", value.upper()))
    if match is None:
        return re.sub(r"\d", "*", value)
    return _masked_plate(match)


def mask_plates(text: str | None) -> str:
    """Mask every plate inside free text (a bill's description: ``PKB L 1*** AB 2026``)."""
    if not text:
        return ""
    return _PLATE_RE.sub(_masked_plate, str(text))
