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
