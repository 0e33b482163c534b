"""The physical check (cek fisik) at the Samsat as an appointment (``balai.appointments``): a
transfer case ends with one (reference: the case's tracking number), and so does the 5-yearly STNK
renewal, which cannot be done online (REFERENCE §3.7; reference: the plate).

The booking only reserves the visit; the officer records the check's result on the transfer page
(``transfer.transfer_cek_fisik_record``). A booking made for a transfer is noted on it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.errors import DomainError

KIND = "cek-fisik"


def _transfer_app(user, ref: str):
    from balai.cases.models import Application

    from .transfer import SERVICE_KINDS

    return Application.objects.filter(tracking_number=ref, applicant=user,
                                      service__code__in=SERVICE_KINDS).exclude(state="draft").first()


def _own_vehicle(user, ref: str):
    from . import selectors
    from .plates import PlateError, normalise_plate

    try:
        plate = normalise_plate(ref)
    except PlateError:
        return None
    return selectors.vehicles_for_citizen(user).filter(plate=plate).first()


def check_subject(user, ref: str) -> None:
    """A citizen books a cek fisik only for their own transfer case or their own vehicle."""
    if _transfer_app(user, ref) is None and _own_vehicle(user, ref) is None:
        raise DomainError("not_yours", _("Cek fisik hanya dapat dipesan untuk kendaraan atau permohonan Anda."),
                          status_code=403)


def subject_label(ref: str) -> str:
    return _("Permohonan %(ref)s") % {"ref": ref} if ref.isdigit() else _("Kendaraan %(ref)s") % {"ref": ref}


def on_event(booking, event: str) -> None:
    """Inside the booking's transaction: a transfer keeps the code of its active booking."""
    from .models import OwnershipTransfer

    code = booking.code if event in ("booked", "moved", "checked_in") else ""
    OwnershipTransfer.objects.filter(application__tracking_number=booking.subject_ref,
                                     completed_at__isnull=True).update(cek_fisik_booking=code)


def register() -> None:
    from balai.appointments.registry import register_service

    register_service(KIND, label=gettext_lazy("Cek fisik kendaraan"),
                     description=gettext_lazy("Gesek nomor rangka dan mesin di Samsat: untuk balik nama, "
                                              "kendaraan baru, dan perpanjangan STNK 5 tahunan."),
                     location_kinds=["samsat"], subject_required=True, public=False,
                     check_subject=check_subject, subject_label=subject_label, on_event=on_event)


def booking_link(*, citizen, ref: str, regency_code: str, next_url: str) -> tuple[object | None, str]:
    """(the citizen's active cek-fisik booking for ``ref`` or None, the booking page's address at the
    Samsat of ``regency_code``)."""
    from balai.appointments import links, selectors

    existing = selectors.active_booking(citizen, KIND, ref)
    place = selectors.locations(kind=KIND, regency_code=regency_code).first()
    url = links.booking_url(KIND, location=place.pk if place else None, regency=regency_code, ref=ref,
                            next_url=next_url)
    return existing, url
