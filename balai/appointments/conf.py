"""Settings of the booking engine (``getattr(settings, NAME, default)``; never edit settings.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A citizen may cancel or move a booking until this many minutes before the slot starts.
    "APPOINTMENTS_CUTOFF_MINUTES": 120,
    # How far ahead a slot can be booked (calendar days from today).
    "APPOINTMENTS_HORIZON_DAYS": 60,
    # A booking may be marked a no-show this many minutes after its slot has started.
    "APPOINTMENTS_NO_SHOW_AFTER_MINUTES": 30,
    # How many next free slots a "slot full" refusal offers.
    "APPOINTMENTS_SUGGESTIONS": 3,
}


def conf(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
