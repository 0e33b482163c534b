"""iCalendar (.ics) files of bookings (``icalendar``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from icalendar import Calendar, Event

from . import registry


def booking_calendar(booking: Any, request: Any = None) -> bytes:
    entry = registry.get(booking.kind)
    location = booking.service.location
    cal = Calendar()
    cal.add("prodid", "-//Balai//Janji temu//ID")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"booking-{booking.code}@balai")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.slot.starts_at)
    event.add("dtend", booking.slot.ends_at)
    label = str(entry.label) if entry else booking.kind
    event.add("summary", f"{label} — {location.name}")
    event.add("location", f"{location.name}, {location.address}")
    event.add("description", f"Kode booking: {booking.code_display}")
    if booking.status == "cancelled":
        event.add("status", "CANCELLED")
    cal.add_component(event)
    return cal.to_ical()
