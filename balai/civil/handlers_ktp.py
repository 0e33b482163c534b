"""KTP-el services on the case engine: first issue, replacement and change of data, ending with a
visit booked through the booking engine (recording, or pick-up when already recorded)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.appointments.models import Booking
from balai.cases.handlers import OutputSpec, ServiceHandler
from balai.core.api import ApiError

from . import case_people, services
from .conf import conf
from .handlers_common import (
    KEY,
    _attached,
    _done,
    _error,
    _register_error,
    applicant_card,
    route_to,
)
from .handlers_family import ELEMENT_FIELDS
from .importing import CHOICES
from .models import (
    FamilyCard,
    KtpBooking,
    Person,
    SlotPurpose,
)

DATE_FIELD = {"name": "tanggal_datang", "label": "Tanggal yang Anda inginkan untuk datang ke Disdukcapil",
              "type": "date", "required": True,
              "help": "Bila kuota hari itu penuh, Anda mendapat hari kerja berikutnya yang masih tersedia."}


class KtpHandler(ServiceHandler):
    """KTP-el: first issue, replacement, change of data. Biometric recording is in person, so
    the case ends with a booked slot (recording, or pick-up when already recorded)."""

    kind = "new"

    def form_fields(self, version):
        fields: list[dict] = []
        if self.kind == "replace":
            fields.append({"name": "alasan", "label": "Alasan", "type": "choice", "required": True,
                           "choices": [["hilang", "Hilang"], ["rusak", "Rusak"]]})
        if self.kind == "change":
            fields += [
                {"name": "elemen", "label": "Data yang berubah", "type": "choice", "required": True,
                 "choices": [["pendidikan", "Pendidikan"], ["pekerjaan", "Pekerjaan"],
                             ["status_perkawinan", "Status perkawinan"]]},
                {"name": "nilai_baru", "label": "Data baru", "type": "text", "required": True, "max_length": 100},
            ]
        return [*fields, DATE_FIELD]

    def eligibility(self, version, applicant):
        return case_people.ktp_eligibility(self.kind, applicant)

    def _check(self, app, data) -> tuple[Person, FamilyCard]:
        person, card = applicant_card(app)
        refusal = case_people.ktp_refusal(self.kind, person)  # also asked before the draft (eligibility)
        if refusal:
            raise _error(refusal)
        if self.kind == "change" and data.get("elemen"):
            field = ELEMENT_FIELDS[data["elemen"]]
            raw = (data.get("nilai_baru") or "").strip()
            if field != "occupation" and not CHOICES[field].get(raw.lower()):
                raise _error(_("Isi data baru yang sah."), "nilai_baru")
        when = data.get("tanggal_datang")
        if when and dt.date.fromisoformat(str(when)) <= timezone.localdate():
            raise _error(_("Pilih tanggal setelah hari ini."), "tanggal_datang")
        return person, card

    def validate(self, application, data):
        _person, card = self._check(application, data)
        route_to(application, card.regency_code, card.village_id)
        return data

    def police_report_required(self, regency_code: str) -> bool:
        # UNCONFIRMED per regency (REFERENCE §2.4, §10 item 8): configuration, not code.
        return conf("CIVIL_LOST_KTP_POLICE_REPORT").get(regency_code, conf("CIVIL_LOST_KTP_POLICE_REPORT_DEFAULT"))

    def on_approve(self, application, *, by):
        data = application.data
        person, card = self._check(application, data)
        if (self.kind == "replace" and data.get("alasan") == "hilang"
                and self.police_report_required(card.regency_code) and not _attached(application, "surat-kehilangan")):
            raise ApiError("police_report_required", _("KTP-el hilang memerlukan surat keterangan kehilangan dari "
                                                       "kepolisian di kabupaten/kota ini."), status_code=422)
        try:
            if self.kind == "change":
                field = ELEMENT_FIELDS[data["elemen"]]
                raw = data["nilai_baru"].strip()
                services.person_change_data(person=person, changes={
                    field: raw if field == "occupation" else CHOICES[field][raw.lower()]}, by=by,
                    note=application.tracking_display)
            # Already recorded: the card is printed from the recorded biometrics → pick-up.
            purpose = SlotPurpose.PICKUP if person.biometric_recorded_at else SlotPurpose.RECORDING
            booking = services.ktp_visit_book(citizen=application.applicant, person=person,
                                              regency_code=card.regency_code, purpose=purpose,
                                              preferred=dt.date.fromisoformat(str(data["tanggal_datang"])),
                                              application_ref=application.tracking_number)
        except ValidationError as exc:
            raise _register_error(exc) from exc
        _done(application, appointment=booking.code, person=person.pk, purpose=purpose,
              date=booking.slot.date.isoformat())

    def outputs(self, application):
        facts = application.data[KEY]
        visit = _visit(facts)
        person = Person.objects.get(pk=visit["person"])
        recording = visit["purpose"] == SlotPurpose.RECORDING
        print_from = services.ktp_print_from(person) if recording else None
        titles = {"new": "KTP-el baru", "replace": "Penggantian KTP-el", "change": "Perubahan data KTP-el"}
        return [OutputSpec(doc_type="ktp_el_receipt", template="civil/pdf/ktp_receipt.html",
                           title="Tanda Terima Permohonan KTP-el", context={
                               "service": titles[self.kind], "tracking": application.tracking_display,
                               "nik": person.nik, "full_name": person.full_name,
                               "birth_place": person.birth_place, "birth_date": person.birth_date.isoformat(),
                               "purpose": visit["purpose"], "purpose_label": str(SlotPurpose(visit["purpose"]).label),
                               "date": visit["date"], "time": visit["time"], "code": visit["code"],
                               "office": visit["office"] or application.office.name,
                               "address": visit["address"], "ready_for_pickup": not recording,
                               "print_from": print_from.isoformat() if print_from else ""})]


def _visit(facts: dict) -> dict:
    """The visit a case booked: a booking of the booking engine (``appointment``: its code), or a
    per-day quota booking of cases approved before the engine (``booking``: a ``KtpBooking``)."""
    if "appointment" in facts:
        booking = Booking.objects.select_related("slot", "service__location").get(code=facts["appointment"])
        location = booking.service.location
        return {"person": facts["person"], "purpose": facts["purpose"], "date": booking.slot.date.isoformat(),
                "time": booking.slot.start.strftime("%H:%M"), "code": booking.code_display,
                "office": location.name, "address": location.address}
    legacy = KtpBooking.objects.select_related("slot").get(pk=facts["booking"])
    return {"person": legacy.person_id, "purpose": legacy.purpose, "date": legacy.slot.date.isoformat(),
            "time": "", "code": "", "office": "", "address": ""}


class KtpReplaceHandler(KtpHandler):
    kind = "replace"


class KtpChangeHandler(KtpHandler):
    kind = "change"
