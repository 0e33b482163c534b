"""A lock per tracking number after repeated wrong PINs.

The per-address rate (``tracking``) slows one guesser; a botnet guessing one receipt's 6-digit PIN
from many addresses is only stopped by counting wrong PINs per tracking number, whoever sends them.
After ``THROTTLE_TRACKING_PIN`` (default 10 an hour) wrong PINs for one number, tracking that number
answers "locked" to everyone — the right PIN included — until the oldest failures leave the hour.

Unknown numbers are counted and locked exactly like real ones, so neither the answer nor the lock
tells whether a number exists. Each lookup takes its slot before the PIN is compared and a right
PIN hands it back: concurrent guesses cannot slip past the limit (balai.core.throttling).
The applicant is never shut out of the case itself: their account shows it, and the office can
reset the PIN.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import status

from balai.core import throttling
from balai.core.api import ApiError

from . import selectors

SCOPE = "tracking_pin"


class TrackingLocked(ApiError):
    """Raised instead of an answer while a number is locked; the API turns it into 429 with
    Retry-After (DRF reads ``wait``), the page shows ``message``."""

    def __init__(self, retry_after: int):
        self.message = _("Pelacakan nomor ini dikunci sementara karena terlalu banyak PIN yang salah. "
                         "Coba lagi dalam %(wait)s, atau lihat permohonan di akun Anda.") % {
            "wait": throttling.wait_text(retry_after)}
        super().__init__("tracking_locked", self.message, status_code=status.HTTP_429_TOO_MANY_REQUESTS)
        self.wait = retry_after


def public_status(tracking_number: str, pin: str) -> dict | None:
    """``selectors.public_status`` behind the per-number lock: the same answers, plus
    ``TrackingLocked`` once a number has had too many wrong PINs."""
    number = "".join(ch for ch in str(tracking_number) if ch.isdigit())
    if len(number) != 10:  # not a tracking number at all: nothing to guess, nothing to count
        return selectors.public_status(number, pin)
    ticket = throttling.hit(SCOPE, number)
    if not ticket.allowed:
        raise TrackingLocked(ticket.retry_after)
    found = selectors.public_status(number, pin)
    if found is not None:
        ticket.refund()  # only wrong PINs count
    return found
