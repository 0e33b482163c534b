"""Tracking numbers and their PINs: the receipt a citizen tracks a case with.

The number is short, unique and not guessable in sequence; the PIN exists only as a keyed hash
(shown once, when it is issued)."""

from __future__ import annotations

import hmac
import secrets

from django.db import transaction
from django.utils.crypto import salted_hmac

from balai.accounts.models import User
from balai.core import audit
from balai.core.numbers import next_value, scramble, with_check_digit

from .models import Application

TRACKING_DIGITS = 9  # + 1 Damm check digit = 10 digits, shown as 1234-5678-90
PIN_DIGITS = 6


def tracking_number_new() -> str:
    """Counter → keyed permutation → Damm check digit: unique, short, not guessable in sequence."""
    return with_check_digit(f"{scramble(next_value('cases:tracking'), digits=TRACKING_DIGITS, domain='cases.tracking'):0{TRACKING_DIGITS}d}")


def _pin_hash(tracking_number: str, pin: str) -> str:
    # Keyed hash: a leaked table alone does not let anyone test the 10**6 PINs offline, and a
    # check costs microseconds, so the public tracking endpoint stays fast.
    return salted_hmac("balai.cases.pin", f"{tracking_number}:{pin}", algorithm="sha256").hexdigest()


def pin_new() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def pin_matches(app: Application, pin: str) -> bool:
    pin = (pin or "").strip()
    if not (pin.isdigit() and len(pin) == PIN_DIGITS):
        return False
    return hmac.compare_digest(app.pin_hash, _pin_hash(app.tracking_number, pin))


@transaction.atomic
def application_pin_reset(*, application: Application, by: User) -> str:
    """A new PIN for the receipt (the old one stops working). Returned once, never stored."""
    pin = pin_new()
    Application.objects.filter(pk=application.pk).update(pin_hash=_pin_hash(application.tracking_number, pin))
    application.pin_hash = _pin_hash(application.tracking_number, pin)
    audit.record(action="cases.pin_reset", actor=by, object_type="case", object_id=application.tracking_number)
    return pin
