"""The in-person route of a SIM renewal: a booking at a Satpas or at a SIM Keliling visit, on the
booking engine (``balai.appointments``). The booking's subject is the licence being renewed."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SIM_KIND = "sim-renewal"


def _licence(citizen, ref: str):
    from .models import DrivingLicence

    try:
        key = uuid.UUID(ref)
    except ValueError:
        return None
    return DrivingLicence.objects.filter(owner=citizen, public_id=key).select_related("licence_class").first()


def check_subject(citizen, ref: str) -> None:
    """Only the holder books, and only a licence that can still be renewed (not expired)."""
    from django.utils import timezone

    from .services import MobilityError

    licence = _licence(citizen, ref)
    if licence is None:
        raise MobilityError("unknown_licence", _("SIM ini tidak tercatat di akun Anda."), status_code=422)
    if timezone.localdate() > licence.expires_on:
        raise MobilityError("licence_expired", _("SIM ini sudah habis berlaku: perpanjangan tidak dapat dipesan, "
                                                 "buat SIM baru di Satpas."), status_code=422)


def subject_label(ref: str) -> str:
    from .models import DrivingLicence

    try:
        licence = DrivingLicence.objects.select_related("licence_class").filter(public_id=uuid.UUID(ref)).first()
    except ValueError:
        licence = None
    return f"{licence.licence_class.name} {licence.number}" if licence else ref


def register() -> None:
    from balai.appointments.models import LocationKind
    from balai.appointments.registry import register_service

    register_service(SIM_KIND, label=gettext_lazy("Perpanjangan SIM"),
                     description=gettext_lazy("Bawa KTP-el dan SIM lama. Hanya untuk SIM yang belum habis berlaku."),
                     location_kinds=[LocationKind.SATPAS, LocationKind.SIM_KELILING], subject_required=True,
                     public=False, check_subject=check_subject, subject_label=subject_label)


def in_person_places(user) -> list:
    """Locations offering SIM renewal, the citizen's regency first."""
    from balai.appointments.selectors import locations

    places = list(locations(kind=SIM_KIND))
    profile = getattr(user, "citizen", None)
    home = profile.village_id[:4] if profile is not None else ""
    return sorted(places, key=lambda loc: (loc.regency_id != home, loc.regency_id, loc.name))
