"""Payment codes (kode bayar): one scheme for every bill, single or bulk.

``balai.core.numbers.CodeScheme`` over 14 digits + a Damm check digit (15 digits), drawn from one
counter: ``payment_code_new()`` takes one value, ``payment_codes_block(n)`` reserves ``n`` in one
counter update (the annual assessment), so the two never collide.

The scheme's domain and counter keep the names under which the annual assessment issued its first
15-digit codes (``vehicles:annual_code``): continuing that counter with that permutation can never
draw a code already issued. Codes issued before (14 digits, the earlier per-bill scheme) keep their
value and cannot collide with 15-digit ones.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings

from balai.core.numbers import CodeScheme

PAYMENT_CODE_COUNTER = "vehicles:annual_code"
_DOMAIN = "vehicles:annual_code"


@cache
def _scheme(key: str) -> CodeScheme:
    return CodeScheme(_DOMAIN, digits=14, key=key)


def payment_codes() -> CodeScheme:
    return _scheme(settings.NUMBERS_KEY)


def payment_code_new() -> str:
    """One code. Call inside the issuing transaction (a rollback gives the value back)."""
    return payment_codes().new(PAYMENT_CODE_COUNTER)


def payment_codes_block(count: int) -> list[str]:
    """``count`` codes from one counter update. Call inside the issuing transaction."""
    return payment_codes().block(PAYMENT_CODE_COUNTER, count)
