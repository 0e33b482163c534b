"""Notices to the citizen about a booking, through ``balai.notifications``: booked (also after a
move: the new time), cancelled, and the reminder the day before (a reminder source of the daily
run). Each ``notify`` happens in the booking's transaction; its key makes a retry send nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.notifications.registry import Text, register_event
from balai.notifications.services import notify

PLACEHOLDERS = ("service", "when", "place", "code", "url")

register_event(
    "appointments.booked", _("Janji temu dibuat atau dipindah"), category="appointments", placeholders=PLACEHOLDERS,
    templates={
        "email": {"id": Text("Janji temu {service} pada {when} di {place}. Kode booking: {code}. Tunjukkan kode "
                             "ini kepada petugas. Rincian, pindah atau batal: {url}", subject="Janji temu {service}"),
                  "en": Text("Appointment for {service} on {when} at {place}. Booking code: {code}. Show this "
                             "code to the officer. Details, move or cancel: {url}", subject="Appointment: {service}")},
        "sms": {"id": "Balai: janji temu {service} {when} di {place}. Kode {code}. {url}",
                "en": "Balai: {service} appointment {when} at {place}. Code {code}. {url}"},
    })
register_event(
    "appointments.cancelled", _("Janji temu dibatalkan"), category="appointments", placeholders=PLACEHOLDERS,
    templates={
        "email": {"id": Text("Janji temu {service} pada {when} di {place} (kode {code}) dibatalkan. Buat janji "
                             "baru: {url}", subject="Janji temu dibatalkan"),
                  "en": Text("The appointment for {service} on {when} at {place} (code {code}) was cancelled. "
                             "Book again: {url}", subject="Appointment cancelled")},
        "sms": {"id": "Balai: janji temu {service} {when} (kode {code}) dibatalkan. {url}",
                "en": "Balai: {service} appointment {when} (code {code}) cancelled. {url}"},
    })
register_event(
    "appointments.tomorrow", _("Pengingat janji temu besok"), category="appointments", placeholders=PLACEHOLDERS,
    templates={
        "email": {"id": Text("Pengingat: besok, {when}, janji temu {service} di {place}. Kode booking: {code}. "
                             "Tidak bisa datang? Pindah atau batalkan: {url}", subject="Besok: {service}"),
                  "en": Text("Reminder: tomorrow, {when}, your appointment for {service} at {place}. Booking "
                             "code: {code}. Cannot come? Move or cancel: {url}", subject="Tomorrow: {service}")},
        "sms": {"id": "Balai: besok {when} janji temu {service} di {place}. Kode {code}. {url}",
                "en": "Balai: tomorrow {when} {service} at {place}. Code {code}. {url}"},
    })

EVENTS = {"booked": "appointments.booked", "moved": "appointments.booked", "cancelled": "appointments.cancelled"}


def _context(booking: Any, *, url: str) -> dict[str, Any]:
    return {"service": booking.kind_label, "when": booking.slot.starts_at, "place": booking.service.location.name,
            "code": booking.code_display, "url": url}


def booking_event(booking: Any, event: str, *, event_id: int) -> None:
    """Tell the citizen about ``event`` (a ``BookingEvent``: booked, moved, cancelled)."""
    code = EVENTS.get(event)
    if code is None:
        return
    url = reverse("appointments:booking", args=[booking.code]) if event != "cancelled" \
        else reverse("appointments:index")
    notify(code, recipient=booking.citizen, context=_context(booking, url=url), key=f"booking-{event_id}")


def remind_tomorrow(day: dt.date) -> int:
    """Send the reminder for every booking of the day after ``day`` still to attend (daily task;
    a second run sends nothing: the key names the booking and its slot)."""
    from .models import Booking, BookingStatus

    rows = (Booking.objects.filter(slot__date=day + dt.timedelta(days=1), status=BookingStatus.BOOKED)
            .select_related("slot", "service__location", "citizen").order_by("pk"))
    sent = 0
    for booking in rows.iterator(chunk_size=500):
        with transaction.atomic():
            notify("appointments.tomorrow", recipient=booking.citizen,
                   context=_context(booking, url=reverse("appointments:booking", args=[booking.code])),
                   key=f"booking-{booking.pk}-{booking.slot_id}-tomorrow")
        sent += 1
    return sent
