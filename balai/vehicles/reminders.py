"""Reminders, ready for a notification channel: tax due and STNK expiring soon, and the
registration-deletion milestones of vehicles whose STNK expired (REFERENCE §3.7: deletion may
follow 2 years after STNK expiry; three warnings 3, 2 and 1 months before; blocked vehicles are
exempt). Set-based: a few range queries on indexed dates, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import timezone

from balai.core.masking import mask_nik

from .engine import add_months
from .models import Vehicle

# (months before the deletion date, kind)
DELETION_MILESTONES = [(3, "deletion_warning_1"), (2, "deletion_warning_2"), (1, "deletion_warning_3"),
                       (0, "deletion_due")]
COLUMNS = ("id", "plate", "owner_nik", "owner_name", "regency_code", "due_date", "stnk_valid_until")


def _row(kind: str, v: dict, when: date) -> dict:
    return {"kind": kind, "date": when, "plate": v["plate"], "owner_nik": mask_nik(v["owner_nik"]),
            "owner_name": v["owner_name"], "regency_code": v["regency_code"], "vehicle_id": v["id"]}


def reminders(*, today: date | None = None, within_days: int = 30, limit: int = 100_000) -> Iterator[dict]:
    today = today or timezone.localdate()
    until = today + timedelta(days=within_days)
    active = Vehicle.objects.filter(status="active")
    for v in active.filter(due_date__range=(today, until)).values(*COLUMNS).order_by("due_date")[:limit].iterator():
        yield _row("tax_due", v, v["due_date"])
    for v in (active.filter(stnk_valid_until__range=(today, until)).values(*COLUMNS)
              .order_by("stnk_valid_until")[:limit].iterator()):
        yield _row("stnk_expiring", v, v["stnk_valid_until"])
    unblocked = active.exclude(blocks__lifted_at__isnull=True, blocks__isnull=False)
    for months_before, kind in DELETION_MILESTONES:
        # milestone = STNK expiry + 24 months − months_before, within [today, until]
        low, high = add_months(today, months_before - 24), add_months(until, months_before - 24)
        for v in (unblocked.filter(stnk_valid_until__range=(low, high)).values(*COLUMNS)
                  .order_by("stnk_valid_until")[:limit].iterator()):
            yield _row(kind, v, add_months(v["stnk_valid_until"], 24 - months_before))
