"""Settings of the asn app (``getattr(settings, NAME, default)``; see docs/asn.md)."""

from __future__ import annotations

from django.conf import settings


def retirement_lead_months() -> int:
    """How many months before its TMT a retirement file opens by itself (UNCONFIRMED: 12)."""
    return int(getattr(settings, "ASN_RETIREMENT_LEAD_MONTHS", 12))


def retirement_reminder_days() -> int:
    """Days between reminders of a retirement file not submitted yet (to the ASN and the unit's HR
    officers), until its TMT."""
    return int(getattr(settings, "ASN_RETIREMENT_REMINDER_DAYS", 30))


def promotion_input_days() -> int:
    """Days before a promotion period after which a proposal for it is too late (UNCONFIRMED: 60)."""
    return int(getattr(settings, "ASN_PROMOTION_INPUT_DAYS", 60))


def practice_jp() -> int:
    """Lesson hours earned by passing the practice track."""
    return int(getattr(settings, "ASN_PRACTICE_JP", 4))


def practice_pass_percent() -> int:
    """Share of practice cases decided right (and in time) to pass the track."""
    return int(getattr(settings, "ASN_PRACTICE_PASS_PERCENT", 75))


def practice_case_seconds() -> int:
    """A practice case decided within this many seconds scores full time marks."""
    return int(getattr(settings, "ASN_PRACTICE_CASE_SECONDS", 600))
