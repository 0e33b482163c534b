"""Small formatting filters for the partner pages (integer rupiah, Indonesian separators)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rp(value) -> str:
    """``1234500`` → ``Rp 1.234.500``; negative amounts keep their sign."""
    if value is None or value == "":
        return "—"
    amount = int(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


@register.filter
def digits_grouped(value: str, size: int = 4) -> str:
    """A long code in groups of four for reading aloud and typing: ``1234 5678 9012 34``."""
    text = str(value or "")
    return " ".join(text[i:i + int(size)] for i in range(0, len(text), int(size)))
