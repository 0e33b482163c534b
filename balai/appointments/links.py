"""Links into the booking engine for higher apps (they never build the URLs by hand)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode


def booking_url(kind: str, *, location: int | None = None, regency: str = "", ref: str = "",
                next_url: str = "") -> str:
    """The booking page for ``kind``: at ``location`` (else the citizen chooses among the
    locations of ``regency``, else of their own regency), for the subject ``ref``, and back to
    ``next_url`` (a path on this site) once booked."""
    query = {"service": kind}
    if location:
        query["location"] = str(location)
    if regency:
        query["regency"] = regency
    if ref:
        query["ref"] = ref
    if next_url:
        query["next"] = next_url
    return f"{reverse('appointments:book')}?{urlencode(query)}"


def booking_detail_url(booking) -> str:
    return reverse("appointments:booking", args=[booking.code])
