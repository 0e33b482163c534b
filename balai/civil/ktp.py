"""KTP-el: who must hold one (UU 24/2013 Art. 63), early biometric recording, and the visit to the
Disdukcapil booked through the booking engine (``balai.appointments``).

The visit is a booking of the kind ``ktp-recording`` (biometric recording) or ``ktp-pickup``
(collecting a card printed from biometrics already recorded) at a Disdukcapil or Mal Pelayanan
Publik counter of the family's regency, for the case's tracking number as its subject: one active
booking per case, which the citizen can move or cancel like any booking until the cut-off.
"""

from __future__ import annotations

import datetime as dt
from math import ceil
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.appointments import registry as appointment_kinds
from balai.appointments import services as appointments
from balai.appointments.errors import AppointmentError
from balai.appointments.models import BookableService, Booking, Location, LocationKind
from balai.core import audit
from balai.regions.models import Region

from .cards import RegisterError
from .conf import conf
from .models import MaritalStatus, Person, SlotPurpose

RECORDING, PICKUP = "ktp-recording", "ktp-pickup"
KIND_FOR = {SlotPurpose.RECORDING: RECORDING, SlotPurpose.PICKUP: PICKUP}
DESK_KINDS = (LocationKind.DISDUKCAPIL, LocationKind.MPP)


def register_kinds() -> None:
    """The bookable kinds of KTP-el visits (called from the civil handlers' registration)."""
    appointment_kinds.register_service(
        RECORDING, label=gettext_lazy("Perekaman biometrik KTP-el"),
        description=gettext_lazy("Foto, sidik jari, iris mata dan tanda tangan untuk KTP-el."),
        location_kinds=DESK_KINDS)
    appointment_kinds.register_service(
        PICKUP, label=gettext_lazy("Pengambilan KTP-el"),
        description=gettext_lazy("Mengambil KTP-el yang sudah dicetak; bawa KTP-el lama bila ada."),
        location_kinds=DESK_KINDS)


# --- who must hold a KTP-el -------------------------------------------------------------------

def _age(person: Person, today: dt.date) -> int:
    return today.year - person.birth_date.year - ((today.month, today.day) < (person.birth_date.month,
                                                                              person.birth_date.day))


def ktp_recording_early(person: Person, *, today: dt.date | None = None) -> bool:
    """Not yet obliged to hold a KTP-el, but old enough to have the biometrics recorded now
    (``CIVIL_KTP_RECORDING_MIN_AGE``, Disdukcapil practice, REFERENCE §2.4): the card itself is
    printed once the person turns ``CIVIL_KTP_MIN_AGE``."""
    today = today or timezone.localdate()
    eligible, reason = ktp_eligibility(person, today=today)
    return (not eligible and reason == "too_young" and person.biometric_recorded_at is None
            and _age(person, today) >= conf("CIVIL_KTP_RECORDING_MIN_AGE"))


def ktp_print_from(person: Person, *, today: dt.date | None = None) -> dt.date | None:
    """For someone recorded before the KTP-el age: the day the person turns ``CIVIL_KTP_MIN_AGE``
    (29 February → 1 March in other years). ``None`` when the card can be printed already."""
    if ktp_eligibility(person, today=today)[0]:
        return None
    years = conf("CIVIL_KTP_MIN_AGE")
    born = person.birth_date
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


def ktp_eligibility(person: Person, *, today: dt.date | None = None) -> tuple[bool, str]:
    """UU 24/2013 Art. 63: 17 or older, or married (now or before). Decided from the register's
    date of birth and marital status, never from the NIK."""
    today = today or timezone.localdate()
    age = _age(person, today)
    if not person.is_alive:
        return False, "deceased"
    if person.citizenship == "WNA":
        return False, "foreigner_needs_kitap"
    if age >= conf("CIVIL_KTP_MIN_AGE"):
        return True, "age"
    if person.marital_status != MaritalStatus.SINGLE:
        return True, "married"
    return False, "too_young"


# --- the visit --------------------------------------------------------------------------------

class SlotsFull(RegisterError):
    pass


def ktp_desk(regency_code: str, kind: str) -> Location:
    """The regency's desk offering ``kind``: a Disdukcapil office first, else an MPP counter. A
    regency without one gets its Disdukcapil office with the default daily capacity
    (``CIVIL_KTP_DEFAULT_DAILY_CAPACITY``, in hourly slots 08:00–15:00), as the old per-day quota
    had, so a case never ends without a visit; staff then adjust it on the locations page."""
    desk = (Location.objects.filter(regency_id=regency_code, kind__in=DESK_KINDS, active=True,
                                    services__kind=kind, services__active=True)
            .order_by("kind", "pk").first())
    if desk is not None:
        return desk
    region = Region.objects.get(code=regency_code)
    desk, _created = Location.objects.get_or_create(
        regency_id=regency_code, kind=LocationKind.DISDUKCAPIL,
        defaults={"name": f"Disdukcapil {region.name.title()}", "address": region.name.title(),
                  "opens": dt.time(8), "closes": dt.time(15)})
    hours = 7
    BookableService.objects.get_or_create(
        location=desk, kind=kind,
        defaults={"slot_minutes": 60, "capacity": max(1, ceil(conf("CIVIL_KTP_DEFAULT_DAILY_CAPACITY") / hours))})
    return desk


@transaction.atomic
def ktp_visit_book(*, citizen: Any, person: Person, regency_code: str, purpose: str, preferred: dt.date,
                   application_ref: str) -> Booking:
    """Book the first free slot from ``preferred`` (never today) at the regency's desk for the
    case ``application_ref``; the same case asking again gets its active booking back."""
    kind = KIND_FOR[SlotPurpose(purpose)]
    desk = ktp_desk(regency_code, kind)
    preferred = max(preferred, timezone.localdate() + dt.timedelta(days=1))
    try:
        booking = appointments.book_first_free(citizen=citizen, location=desk, kind=kind, preferred=preferred,
                                               subject_ref=application_ref)
    except AppointmentError as exc:
        raise SlotsFull(str(exc.message), code="slots_full") from exc
    audit.record(action="civil.ktp.book", actor=None, object_type="appointment", object_id=booking.pk,
                 data={"regency": regency_code, "date": booking.slot.date.isoformat(), "purpose": purpose,
                       "person": person.pk})
    return booking


def visit_label(kind: str) -> str:
    return _("Perekaman biometrik KTP-el") if kind == RECORDING else _("Pengambilan KTP-el")
