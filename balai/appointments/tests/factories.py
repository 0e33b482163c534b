"""Builders for the booking engine's tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from balai.appointments import registry, selectors
from balai.appointments.models import BookableService, Location, LocationKind

TEST_KIND = "uji-layanan"


def ensure_kind(kind: str = TEST_KIND, **kwargs) -> str:
    if registry.get(kind) is None or kwargs:
        registry.register_service(kind, label="Layanan uji", **kwargs)
    return kind


def make_location(*, kind: str = LocationKind.DISDUKCAPIL, regency: str = "3578", name: str = "",
                  weekdays: str = "1234567", follows_calendar: bool = False, **fields) -> Location:
    return Location.objects.create(kind=kind, regency_id=regency, name=name or f"Kantor uji {regency}",
                                   address="Jl. Uji 1", weekdays=weekdays, follows_calendar=follows_calendar, **fields)


def make_service(location: Location | None = None, *, kind: str = TEST_KIND, capacity: int = 3,
                 slot_minutes: int = 60, **fields) -> BookableService:
    ensure_kind(kind) if kind == TEST_KIND else None
    location = location or make_location()
    return BookableService.objects.create(location=location, kind=kind, capacity=capacity,
                                          slot_minutes=slot_minutes, **fields)


def open_day(service: BookableService, *, after: int = 1) -> dt.date:
    """The first day ``after`` days from today or later on which ``service`` takes bookings."""
    day = timezone.localdate() + dt.timedelta(days=after)
    while selectors.day_closed(service, day)[0]:
        day += dt.timedelta(days=1)
    return day
