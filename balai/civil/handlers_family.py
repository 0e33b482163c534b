"""Family-card services on the case engine: a new family, a change of data, a replacement card."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from balai.cases.handlers import ServiceHandler
from balai.core.api import ApiError
from balai.core.names import clean_person_name
from balai.core.text import clean_text

from . import case_people, selectors, services
from .conf import conf
from .handlers_common import (
    ADDRESS_FIELDS,
    KEY,
    _address,
    _attached,
    _card_output,
    _done,
    _error,
    _register_error,
    applicant_card,
    applicant_person,
    route_to,
)
from .importing import CHOICES
from .models import (
    FamilyCard,
    MaritalStatus,
    Person,
    RecordStatus,
    Relationship,
    Sex,
    VersionReason,
)

# --- family card ------------------------------------------------------------------------------

class NewFamilyHandler(ServiceHandler):
    """A new KK after marriage: the couple leave their parents' cards (split), new KK number."""

    def form_fields(self, version):
        return [
            {"name": "nik_pasangan", "label": "NIK suami/istri", "type": "nik", "required": True},
            {"name": "kepala_keluarga", "label": "Kepala keluarga", "type": "choice", "required": True,
             "choices": [["saya", "Saya (pemohon)"], ["pasangan", "Suami/istri"]]},
            {"name": "tanggal_perkawinan", "label": "Tanggal perkawinan", "type": "date", "required": True},
            {"name": "nomor_buku_nikah", "label": "Nomor buku nikah / akta perkawinan", "type": "text",
             "required": True, "max_length": 60},
            *[{**f, "required": f["name"] != "kode_pos"} for f in ADDRESS_FIELDS],
        ]

    def subjects(self, application):
        return case_people.person_subject(application, application.data.get("nik_pasangan", ""), _("Suami/istri"))

    def _facts(self, app, data):
        person = applicant_person(app)
        spouse = Person.objects.filter(nik=data.get("nik_pasangan", ""), record_status=RecordStatus.ACTIVE).first()
        if spouse is None or spouse.pk == person.pk:
            raise _error(_("Suami/istri tidak ditemukan di data kependudukan."), "nik_pasangan")
        if spouse.sex == person.sex:
            raise _error(_("Data jenis kelamin suami/istri tidak sesuai."), "nik_pasangan")
        head, other = (person, spouse) if data.get("kepala_keluarga") == "saya" else (spouse, person)
        return head, other, _address(data)

    def validate(self, application, data):
        _head, _other, address = self._facts(application, data)
        route_to(application, address.village_code[:4], address.village_code)
        return data

    def on_approve(self, application, *, by):
        head, other, address = self._facts(application, application.data)
        try:
            for p in (head, other):
                if p.marital_status != MaritalStatus.MARRIED:
                    # Printed on the new card below; the parents' card is re-issued once, without them.
                    services.person_change_data(person=p, changes={"marital_status": MaritalStatus.MARRIED}, by=by,
                                                note=application.tracking_display, reissue=False)
            card = services.family_card_create(
                head=head, members=[(other, Relationship.WIFE if other.sex == Sex.FEMALE else Relationship.HUSBAND)],
                address=address, by=by, note=application.tracking_display)
        except ValidationError as exc:
            raise _register_error(exc) from exc
        _done(application, card=card.pk, card_version=card.current_version)

    def outputs(self, application):
        facts = application.data[KEY]
        return [_card_output(FamilyCard.objects.get(pk=facts["card"]), facts["card_version"])]


ELEMENT_FIELDS = {"pendidikan": "education", "pekerjaan": "occupation", "status_perkawinan": "marital_status"}
# A correction of what the KK prints to what the birth certificate says (Perpres 96/2018 Art. 10(b)).
CORRECTION_FIELDS = {"nama": "full_name", "tempat_lahir": "birth_place", "tanggal_lahir": "birth_date"}
EARLIEST_BIRTH = dt.date(1900, 1, 1)


class ChangeDataHandler(ServiceHandler):
    """KK due to a change of data: education, occupation, marital status, address in Jatim, or a
    correction of a member's name, place or date of birth (REFERENCE §2.3).

    A correction puts on the KK what the member's birth certificate (kutipan akta kelahiran) already
    says; the certificate is the root document the KTP-el and the KK are printed to match. The
    catalogue has no requirement per element, so the certificate is the version's one required
    "dokumen pendukung" and the officer checks, before approving, that the uploaded document is
    the member's akta kelahiran (or, where none exists yet, the birth letter it is issued from) and
    that it shows exactly the new value. Changing a name the certificate itself carries is not a
    correction: it needs a district-court order first (UU 23/2006 Art. 52), and is refused at the desk."""

    def form_fields(self, version):
        return [
            {"name": "nik_anggota", "label": "NIK anggota keluarga yang datanya berubah", "type": "nik",
             "required": True},
            {"name": "elemen", "label": "Data yang berubah", "type": "choice", "required": True,
             "choices": [["pendidikan", "Pendidikan"], ["pekerjaan", "Pekerjaan"],
                         ["status_perkawinan", "Status perkawinan"],
                         ["nama", "Nama (sesuai akta)"],
                         ["tempat_lahir", "Tempat lahir (sesuai akta)"],
                         ["tanggal_lahir", "Tanggal lahir (sesuai akta)"],
                         ["alamat", "Alamat (dalam Jawa Timur)"]]},
            {"name": "nilai_baru", "label": "Data baru (pendidikan, pekerjaan, status perkawinan, nama, tempat lahir)",
             "type": "text", "required": False, "max_length": 150,
             "help": "Nama dan tempat lahir ditulis persis seperti di akta kelahiran, yang diunggah sebagai "
                     "dokumen pendukung."},
            {"name": "tanggal_lahir_baru", "label": "Tanggal lahir yang benar (sesuai akta kelahiran)",
             "type": "date", "required": False},
            *ADDRESS_FIELDS,
        ]

    def eligibility(self, version, applicant):
        return case_people.register_refusal(applicant)

    def subjects(self, application):
        return case_people.person_subject(application, application.data.get("nik_anggota", ""))

    def _facts(self, app, data):
        _person, card = applicant_card(app)
        member = next((m for m in selectors.card_members(card) if m.person.nik == data.get("nik_anggota")), None)
        if member is None:
            raise _error(_("NIK tersebut tidak tercatat pada KK pemohon."), "nik_anggota")
        element = data.get("elemen")
        if element == "alamat":
            return card, member.person, None, _address(data)
        if element in CORRECTION_FIELDS:
            field = CORRECTION_FIELDS[element]
            return card, member.person, (field, _corrected(field, data)), None
        field = ELEMENT_FIELDS[element]
        raw = (data.get("nilai_baru") or "").strip()
        value = raw if field == "occupation" else CHOICES[field].get(raw.lower())
        if not value or len(value) > 100:
            raise _error(_("Isi data baru yang sah."), "nilai_baru")
        return card, member.person, (field, value), None

    def validate(self, application, data):
        card, person, change, address = self._facts(application, data)
        if change and change[0] in CORRECTION_FIELDS.values():
            printed = selectors.printed_identities(person)["kk"]
            if getattr(person, change[0]) == change[1] and getattr(printed, change[0]) == change[1]:
                raise _error(_("Data ini sudah sama dengan yang tercatat dan tercetak di KK."),
                             _value_field(change[0]))
        target = address.village_code if address else card.village_id
        route_to(application, target[:4], target)
        return data

    def desk_facts(self, application):
        """While the case is open: the member's value in the register now (and, for a correction,
        on the KK as printed when it differs), or the card's address now, beside the request."""
        if KEY in application.data:  # decided: the register already holds the new value
            return []
        try:
            card, person, change, address = self._facts(application, application.data)
        except (ValidationError, ApiError):
            return []
        if address:
            return [(_("Alamat KK saat ini"), _card_address(card))]
        field = change[0]
        rows = [(_("Tercatat di data kependudukan saat ini"), _shown(person, field))]
        if field in CORRECTION_FIELDS.values():
            printed = selectors.printed_identities(person)["kk"]
            if printed.present and getattr(printed, field) != getattr(person, field):
                rows.append((_("Tercetak di KK saat ini"), _shown(printed, field)))
        return rows

    def on_approve(self, application, *, by):
        card, person, change, address = self._facts(application, application.data)
        try:
            if address:
                version = services.family_card_change_address(card=card, address=address, by=by,
                                                               note=application.tracking_display)
            else:
                version = services.person_change_data(person=person, changes={change[0]: change[1]}, by=by,
                                                      note=application.tracking_display)
        except ValidationError as exc:
            raise _register_error(exc) from exc
        _done(application, card=card.pk, card_version=version.number)

    def outputs(self, application):
        facts = application.data[KEY]
        return [_card_output(FamilyCard.objects.get(pk=facts["card"]), facts["card_version"])]


def _shown(record, field: str) -> str:
    """A person's field as a reader sees it: the choice's label, a date in the page's language."""
    value = getattr(record, field)
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    display = getattr(record, f"get_{field}_display", None)
    return str(display()) if display is not None else str(value or "")


def _card_address(card: FamilyCard) -> str:
    return f"{card.street}, RT {card.rt}/RW {card.rw}, {card.village.name}"


def _value_field(field: str) -> str:
    return "tanggal_lahir_baru" if field == "birth_date" else "nilai_baru"


def _corrected(field: str, data: dict) -> str | dt.date:
    """The corrected name, place or date of birth, or a ValidationError on its form field: a name
    through the one name validator, a place through the one text validator, a real past date."""
    if field == "birth_date":
        raw = data.get("tanggal_lahir_baru")
        if not raw:
            raise _error(_("Isi tanggal lahir yang benar, sesuai akta kelahiran."), "tanggal_lahir_baru")
        try:
            born = dt.date.fromisoformat(str(raw))
        except ValueError:
            raise _error(_("Tanggal tidak sah."), "tanggal_lahir_baru") from None
        if born > timezone.localdate():
            raise _error(_("Tanggal lahir tidak boleh di masa depan."), "tanggal_lahir_baru")
        if born < EARLIEST_BIRTH:
            raise _error(_("Periksa tahunnya: tanggal lahir sebelum tahun 1900 tidak diterima."),
                         "tanggal_lahir_baru")
        return born
    raw = str(data.get("nilai_baru") or "")
    limit = getattr(Person._meta.get_field(field), "max_length", None)
    try:
        if field == "full_name":
            return clean_person_name(raw, max_length=limit)
        place = clean_text(" ".join(clean_text(raw).split()), max_length=limit)
    except ValidationError as exc:
        raise _error(exc.messages[0], "nilai_baru") from None
    if not any(ch.isalpha() for ch in place):
        raise _error(_("Isi tempat lahir yang benar, sesuai akta kelahiran."), "nilai_baru")
    return place


class ReplacementHandler(ServiceHandler):
    """KK lost (police report) or damaged (the damaged card): same content, new print."""

    def form_fields(self, version):
        return [{"name": "alasan", "label": "Alasan", "type": "choice", "required": True,
                 "choices": [["hilang", "Hilang"], ["rusak", "Rusak"]]}]

    def eligibility(self, version, applicant):
        return case_people.register_refusal(applicant)

    def validate(self, application, data):
        _person, card = applicant_card(application)
        route_to(application, card.regency_code, card.village_id)
        return data

    def on_approve(self, application, *, by):
        _person, card = applicant_card(application)
        lost = application.data.get("alasan") == "hilang"
        if lost and conf("CIVIL_LOST_KK_POLICE_REPORT") and not _attached(application, "surat-kehilangan"):
            raise ApiError("police_report_required", _("KK hilang memerlukan surat keterangan kehilangan dari "
                                                       "kepolisian."), status_code=422)
        if not lost and not _attached(application, "kk-rusak"):
            raise ApiError("damaged_card_required", _("Unggah foto/pindaian KK yang rusak."), status_code=422)
        version = services.family_card_reissue(card=card, reason=VersionReason.LOST if lost else VersionReason.DAMAGED,
                                               by=by, note=application.tracking_display)
        _done(application, card=card.pk, card_version=version.number)

    def outputs(self, application):
        facts = application.data[KEY]
        return [_card_output(FamilyCard.objects.get(pk=facts["card"]), facts["card_version"])]
