"""Linking a vehicle to a citizen account by proving possession: the plate, the last five
characters of the chassis number and the STNK's expiry date, all as printed on the STNK. This is
how an account that is not verified (ARCHITECTURE invariant 8) gets a vehicle onto its list; a
verified account also sees every vehicle registered to its NIK."""

from __future__ import annotations

import time
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError

from .models import Vehicle, VehicleLink
from .selectors import vehicle_by_plate_and_tail

# Failed proofs per account per hour: the chassis tail and the date are not meant to be guessed.
MAX_FAILURES_PER_HOUR = 10


class LinkRefused(DomainError):
    """Linking a vehicle refused: not a citizen, too many failed proofs (429), no match."""

    status_code = 409

    def __init__(self, code: str, message: str):
        super().__init__(code, message, status_code=429 if code == "rate_limited" else None)


def _failure_key(user) -> str:
    return f"vehicles:link-failures:{user.pk}:{int(time.time() // 3600)}"


def vehicle_link(*, user, plate: str, chassis_tail: str, stnk_valid_until: date) -> Vehicle:
    """Link the vehicle if all three facts match; one message for any mismatch (no hint which)."""
    if getattr(user, "citizen", None) is None:
        raise LinkRefused("not_citizen", _("Hanya akun warga yang dapat menautkan kendaraan."))
    key = _failure_key(user)
    if cache.get(key, 0) >= MAX_FAILURES_PER_HOUR:
        raise LinkRefused("rate_limited", _("Terlalu banyak percobaan yang gagal. Coba lagi satu jam lagi."))
    vehicle = vehicle_by_plate_and_tail(plate, chassis_tail)
    if vehicle is None or vehicle.stnk_valid_until != stnk_valid_until:
        cache.add(key, 0, timeout=3600)
        failures = cache.incr(key)
        with transaction.atomic():
            audit.record(action="vehicles.link_failed", actor=user, object_type="user", object_id=user.pk,
                         data={"failures_this_hour": failures})
        raise LinkRefused("no_match", _("Data tidak cocok dengan STNK mana pun. Periksa nomor polisi, 5 karakter "
                                        "terakhir nomor rangka, dan tanggal berlaku STNK."))
    with transaction.atomic():
        link, created = VehicleLink.objects.get_or_create(user=user, vehicle=vehicle,
                                                          defaults={"owner_nik": vehicle.owner_nik})
        if not created and link.owner_nik != vehicle.owner_nik:  # re-proved after a change of owner
            link.owner_nik = vehicle.owner_nik
            link.save(update_fields=["owner_nik"])
        audit.record(action="vehicles.linked", actor=user, object_type="vehicle", object_id=vehicle.plate,
                     data={"method": "possession"})
    return vehicle
