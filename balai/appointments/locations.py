"""Staff writes of the set-up: locations, the services they offer, closures (supervisors)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit

from . import registry
from .errors import AppointmentError
from .models import BookableService, Closure, Location, Slot


def _audit(action: str, by: Any, obj: Any, **data: Any) -> None:
    audit.record(action=f"appointments.{action}", actor=by, object_type=obj._meta.model_name, object_id=obj.pk,
                 data={k: str(v) for k, v in data.items()})


@transaction.atomic
def location_save(location: Location, *, by: Any) -> Location:
    location.save()
    _audit("location.save", by, location, name=location.name, hours=f"{location.opens}-{location.closes}")
    return location


@transaction.atomic
def service_save(service: BookableService, *, by: Any) -> BookableService:
    """Create or change a service at a location. A new capacity applies to the coming slots, never
    below the places already booked in them."""
    entry = registry.get(service.kind)
    if entry is None:
        raise AppointmentError("not_bookable", _("Layanan ini tidak dikenal."), status_code=422)
    if entry.location_kinds and service.location.kind not in entry.location_kinds:
        raise AppointmentError("not_bookable", _("Layanan ini tidak diberikan di lokasi jenis ini."),
                               fields={"kind": [_("Layanan ini tidak diberikan di lokasi jenis ini.")]},
                               status_code=422)
    service.save()
    Slot.objects.filter(service=service, date__gte=timezone.localdate()).update(
        capacity=Greatest(F("booked"), Value(service.capacity)))
    _audit("service.save", by, service, kind=service.kind, capacity=service.capacity, minutes=service.slot_minutes)
    return service


@transaction.atomic
def closure_add(closure: Closure, *, by: Any) -> Closure:
    """Close a location for some days. Existing bookings stay (the day list shows them, so staff
    can call the citizens); new bookings are refused with the reason."""
    closure.save()
    _audit("closure.add", by, closure, date_from=closure.date_from, date_to=closure.date_to, reason=closure.reason)
    return closure


@transaction.atomic
def closure_delete(closure: Closure, *, by: Any) -> None:
    _audit("closure.delete", by, closure, date_from=closure.date_from, date_to=closure.date_to)
    closure.delete()
