"""Demo locations in a few East Java regencies and a booked KTP-el recording for the demo citizen
``warga`` (idempotent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .errors import AppointmentError
from .models import BookableService, Location, LocationKind

T = dt.time
LOCATIONS = [
    # (kind, regency, name, address, opens, closes, services: [(kind, minutes, capacity)])
    (LocationKind.DISDUKCAPIL, "3578", "Dispendukcapil Kota Surabaya (Siola)", "Jl. Tunjungan No. 1-3, Surabaya",
     T(8), T(15), [("ktp-recording", 60, 12), ("ktp-pickup", 60, 20)]),
    (LocationKind.MPP, "3515", "Mal Pelayanan Publik Sidoarjo — loket Disdukcapil", "Jl. Lingkar Timur, Sidoarjo",
     T(8), T(15), [("ktp-recording", 60, 8), ("ktp-pickup", 60, 15)]),
    (LocationKind.DISDUKCAPIL, "3573", "Disdukcapil Kota Malang", "Perkantoran Terpadu Gedung A, Jl. Mayjen Sungkono, Malang",
     T(8), T(14), [("ktp-recording", 60, 10), ("ktp-pickup", 60, 15)]),
    (LocationKind.SAMSAT, "3578", "Samsat Surabaya Selatan (Ketintang)", "Jl. Ketintang Baru No. 1, Surabaya",
     T(8), T(14), [("cek-fisik", 30, 6)]),
    (LocationKind.SAMSAT, "3515", "Samsat Sidoarjo", "Jl. Raya Waru No. 2, Sidoarjo", T(8), T(14), [("cek-fisik", 30, 6)]),
    (LocationKind.SATPAS, "3578", "Satpas Polrestabes Surabaya (Colombo)", "Jl. Ikan Kerapu No. 2-4, Surabaya",
     T(8), T(14), [("sim-renewal", 60, 15)]),
]


@transaction.atomic
def _locations() -> list[Location]:
    out = []
    for kind, regency, name, address, opens, closes, offered in LOCATIONS:
        location, _ = Location.objects.get_or_create(
            kind=kind, name=name, defaults={"regency_id": regency, "address": address, "opens": opens,
                                            "closes": closes})
        for service_kind, minutes, capacity in offered:
            BookableService.objects.get_or_create(location=location, kind=service_kind,
                                                  defaults={"slot_minutes": minutes, "capacity": capacity})
        out.append(location)
    return out


def seed_demo_locations(accounts: list[dict]) -> Iterable[str]:
    from balai.accounts.models import User

    from . import services

    places = _locations()
    lines = [f"{len(places)} booking locations in Surabaya, Sidoarjo and Malang — /janji-temu/"]
    citizen = User.objects.filter(username="warga").first()
    if citizen is None:
        return lines
    try:
        booking = services.book_first_free(citizen=citizen, location=places[0], kind="ktp-recording",
                                           preferred=timezone.localdate() + dt.timedelta(days=3))
    except AppointmentError as exc:  # the KTP kinds are registered by civil; absent, there is nothing to book
        return [*lines, f"no KTP-el recording booked: {exc.message}"]
    return [*lines, f"warga: KTP-el recording booked for {booking.slot.date} {booking.slot.start:%H:%M}, "
                    f"code {booking.code_display} — /janji-temu/saya/"]
