"""Reminders, ready for a notification channel: tax due and STNK expiring soon, and the
registration-deletion milestones of vehicles whose STNK expired (REFERENCE §3.7: deletion may
follow 2 years after STNK expiry; three warnings 3, 2 and 1 months before; blocked vehicles are
exempt). Set-based: a few range queries on indexed dates, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice

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


# --- notices: the day's reminders for balai.notifications (``balai send_reminders``) ------------

# (event, date column, days from today): exact-day triggers, so a daily run sends each once.
DAY_TRIGGERS = (("vehicles.pkb_due_30", "due_date", 30), ("vehicles.pkb_due_7", "due_date", 7),
                ("vehicles.pkb_overdue", "due_date", -1), ("vehicles.stnk_expiring", "stnk_valid_until", 30))
NOTICE_CHUNK = 1000


def _due_rows(today: date) -> Iterator[tuple[str, dict, date]]:
    active = Vehicle.objects.filter(status="active")
    for event, column, days in DAY_TRIGGERS:
        when = today + timedelta(days=days)
        for v in active.filter(**{column: when}).values(*COLUMNS).order_by("id").iterator(chunk_size=NOTICE_CHUNK):
            yield event, v, when
    unblocked = active.exclude(blocks__lifted_at__isnull=True, blocks__isnull=False)
    for months_before, kind in DELETION_MILESTONES:
        # milestone = STNK expiry + 24 months − months_before == today (month ends: a few days' window,
        # then the exact date checked)
        centre = add_months(today, months_before - 24)
        rows = (unblocked.filter(stnk_valid_until__range=(centre - timedelta(days=3), centre + timedelta(days=3)))
                .values(*COLUMNS).order_by("id").iterator(chunk_size=NOTICE_CHUNK))
        for v in rows:
            if add_months(v["stnk_valid_until"], 24 - months_before) == today:
                yield f"vehicles.{kind}", v, today


def _recipients(niks: set[str], vehicle_ids: set[int]) -> tuple[dict[str, list], dict[int, list]]:
    """Accounts told about a vehicle: the verified holder of the owner's NIK and the accounts that
    linked it by proof of possession (while the owner is the same)."""
    from balai.accounts.models import CitizenProfile, IdentityLevel

    from .models import VehicleLink

    by_nik: dict[str, list] = {}
    for profile in (CitizenProfile.objects.filter(nik__in=niks, identity_level=IdentityLevel.VERIFIED,
                                                  nik_released_at__isnull=True).select_related("user")):
        by_nik.setdefault(profile.nik, []).append(profile.user)
    by_vehicle: dict[int, list] = {}
    for link in VehicleLink.objects.filter(vehicle_id__in=vehicle_ids).select_related("user", "vehicle"):
        if link.owner_nik == link.vehicle.owner_nik:
            by_vehicle.setdefault(link.vehicle_id, []).append(link.user)
    return by_nik, by_vehicle


def notices(today: date) -> Iterator:
    """``balai.notifications.reminders.Reminder`` rows of ``today``, in a stable order."""
    from django.urls import reverse

    from balai.notifications.reminders import Reminder

    rows = _due_rows(today)
    while True:
        chunk = list(islice(rows, NOTICE_CHUNK))
        if not chunk:
            return
        by_nik, by_vehicle = _recipients({v["owner_nik"] for _e, v, _w in chunk}, {v["id"] for _e, v, _w in chunk})
        for event, v, when in chunk:
            people = {u.pk: u for u in by_nik.get(v["owner_nik"], []) + by_vehicle.get(v["id"], [])}
            for user in people.values():
                yield Reminder(event=event, recipient=user, key=f"{v['id']}:{when.isoformat()}", context={
                    "plate": v["plate"], "date": when, "url": reverse("vehicles:vehicle", args=[v["plate"]])})


def notice_count(today: date) -> int:
    """Vehicles with a notice today (an upper bound of the rows for the progress bar)."""
    active = Vehicle.objects.filter(status="active")
    return sum(active.filter(**{column: today + timedelta(days=days)}).count() for _e, column, days in DAY_TRIGGERS)
