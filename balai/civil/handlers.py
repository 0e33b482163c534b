"""Adminduk services on the case engine: one handler per service code, registered in
``CivilConfig.ready()``. A handler reads the applicant's family from the register (nothing the
register knows is asked again), checks the request against REFERENCE §2, routes the case to the
Disdukcapil of the family's current address, changes the register on approval, and names the
documents to issue (the ``documents`` app renders and signs them).

The register facts a case acted on are kept in ``application.data["_civil"]`` (written on
approval; the form schema never shows them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.handlers import OutputSpec, ServiceHandler, register_handler
from balai.core.api import ApiError
from balai.core.formatting import format_date_id
from balai.core.names import clean_person_name
from balai.core.nik import JATIM
from balai.regions.models import Level, Region

from . import case_people, selectors, services
from .conf import conf
from .importing import CHOICES
from .models import (
    BirthRecord,
    Education,
    FamilyCard,
    FamilyCardVersion,
    KtpBooking,
    MaritalStatus,
    Person,
    RecordStatus,
    Relationship,
    Religion,
    Sex,
    SlotPurpose,
    VersionReason,
)

KEY = "_civil"
SEX_CHOICES = [[Sex.MALE, "Laki-laki"], [Sex.FEMALE, "Perempuan"]]
RELIGION_CHOICES = [[v, str(label)] for v, label in Religion.choices]
ADDRESS_FIELDS = [
    {"name": "alamat", "label": "Alamat (jalan, nomor)", "type": "text", "required": False, "max_length": 200},
    {"name": "rt", "label": "RT", "type": "integer", "required": False, "min": 1, "max": 999},
    {"name": "rw", "label": "RW", "type": "integer", "required": False, "min": 1, "max": 999},
    {"name": "kode_desa", "label": "Kode desa/kelurahan (10 digit, Kemendagri)", "type": "text", "required": False,
     "max_length": 10, "help": "Contoh: 3578081001 untuk Kelurahan Airlangga, Gubeng, Surabaya."},
    {"name": "kode_pos", "label": "Kode pos", "type": "text", "required": False, "max_length": 5},
]


def _error(message: str, field: str = "__all__") -> ValidationError:
    return ValidationError({field: [message]})


def applicant_person(app) -> Person:
    person = selectors.person_for_citizen(app.applicant)
    if person is None:
        raise _error(_("Layanan ini memakai data kependudukan pemohon: cocokkan dulu identitas akun (nama, tanggal "
                       "lahir, dan nomor KK) di halaman Verifikasi identitas pada profil Anda."))
    return person


def applicant_card(app) -> tuple[Person, FamilyCard]:
    person = applicant_person(app)
    membership = selectors.active_membership(person)
    if membership is None:
        raise _error(_("Pemohon belum tercatat pada kartu keluarga yang aktif."))
    return person, membership.family_card


def route_to(app, regency_code: str, village_code: str) -> None:
    """Route the case to the Disdukcapil of the family's current address (REFERENCE §2.1),
    which may differ from the address on the applicant's account."""
    if app.regency_code == regency_code and app.village_code == village_code:
        return
    from balai.cases.models import Application
    from balai.cases.services import office_for, sla_days_for

    office = office_for(app.service_version.unit_type, regency_code)
    app.office, app.regency_code, app.village_code = office, regency_code, village_code
    app.sla_days = sla_days_for(app.service_version, office)
    Application.objects.filter(pk=app.pk).update(office=office, regency_code=regency_code, village_code=village_code,
                                                 sla_days=app.sla_days)


def _village_in_province(code: str, field: str = "kode_desa") -> Region:
    village = Region.objects.filter(code=code or "", level=Level.VILLAGE).first()
    if village is None:
        raise _error(_("Kode desa/kelurahan tidak dikenal."), field)
    if not village.code.startswith(JATIM):
        raise _error(_("Layanan ini untuk alamat di Provinsi Jawa Timur; pindah ke luar provinsi memakai SKPWNI."),
                     field)
    return village


def _address(data: dict) -> services.CardAddress:
    missing = [f for f in ("alamat", "rt", "rw", "kode_desa") if not data.get(f)]
    if missing:
        raise ValidationError({f: [_("Wajib diisi untuk alamat baru.")] for f in missing})
    _village_in_province(data["kode_desa"])
    return services.CardAddress(data["alamat"], str(data["rt"]), str(data["rw"]), data["kode_desa"],
                                data.get("kode_pos", ""))


def _attached(app, code: str) -> bool:
    return app.attachments.filter(requirement__code=code, superseded=False).exclude(status="rejected").exists()


def _register_error(exc: Exception) -> ApiError:
    message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
    return ApiError(getattr(exc, "code", None) or "register_error", message, status_code=422)


def _card_output(card: FamilyCard, version_number: int, title: str = "Kartu Keluarga") -> OutputSpec:
    version = FamilyCardVersion.objects.get(family_card=card, number=version_number)
    return OutputSpec(doc_type="kk", template="civil/pdf/family_card.html", title=title,
                      context=family_card_context(version))


def family_card_context(version: FamilyCardVersion) -> dict[str, Any]:
    """JSON-safe context of the KK PDF: the snapshot with labels (Permendagri 109/2019 layout)."""
    labels = {
        "sex": dict(Sex.choices), "religion": dict(Religion.choices), "marital_status": dict(MaritalStatus.choices),
        "relationship": dict(Relationship.choices), "education": dict(Education.choices),
    }
    members = []
    for row in version.snapshot["members"]:
        members.append({**row, **{f"{k}_label": str(labels[k].get(row.get(k), row.get(k, ""))) for k in labels},
                        "birth_date_text": dt.date.fromisoformat(row["birth_date"]).strftime("%d-%m-%Y")})
    return {"kk_number": version.snapshot["kk_number"], "head_name": version.snapshot["head_name"],
            "address": version.snapshot["address"], "members": members, "version": version.number,
            "printed_at": version.printed_at.isoformat(), "printed_at_text": format_date_id(version.printed_at),
            "reason": str(version.get_reason_display())}


def _done(app, **facts: Any) -> None:
    app.data = {**app.data, KEY: {**app.data.get(KEY, {}), **facts}}


# --- birth registration -----------------------------------------------------------------------

class BirthHandler(ServiceHandler):
    """Birth registration → Kutipan Akta Kelahiran + the KK re-issued with the child (one package)."""

    def eligibility(self, version, applicant):
        return case_people.register_refusal(applicant)

    def subjects(self, application):
        return case_people.birth_subject(application)

    def form_fields(self, version):
        return [
            {"name": "nama_anak", "label": "Nama anak", "type": "text", "required": True, "max_length": 150,
             "help": "Satu nama saja juga boleh."},
            {"name": "jenis_kelamin", "label": "Jenis kelamin", "type": "choice", "required": True,
             "choices": SEX_CHOICES},
            {"name": "tanggal_lahir", "label": "Tanggal lahir", "type": "date", "required": True},
            {"name": "jam_lahir", "label": "Jam lahir (JJ:MM)", "type": "text", "required": False, "max_length": 5},
            {"name": "tempat_lahir", "label": "Tempat lahir (kota/kabupaten)", "type": "text", "required": True,
             "max_length": 100},
            {"name": "agama", "label": "Agama", "type": "choice", "required": True, "choices": RELIGION_CHOICES},
            {"name": "nik_ibu", "label": "NIK ibu", "type": "nik", "required": True},
            {"name": "nik_ayah", "label": "NIK ayah", "type": "nik", "required": False},
            {"name": "bukti_kelahiran", "label": "Bukti kelahiran", "type": "choice", "required": True,
             "choices": [["surat_lahir", "Surat keterangan lahir (rumah sakit/bidan/puskesmas/kepala desa)"],
                         ["sptjm", "SPTJM kebenaran data kelahiran dengan 2 saksi"]]},
            {"name": "bukti_perkawinan", "label": "Bukti perkawinan orang tua", "type": "choice", "required": True,
             "choices": [["buku_nikah", "Buku nikah / akta perkawinan"],
                         ["sptjm", "SPTJM kebenaran sebagai pasangan suami-istri (KK sudah mencatat kawin)"],
                         ["tidak_ada", "Tidak ada: anak dicatat sebagai anak seorang ibu"]]},
        ]

    def _facts(self, app, data: dict) -> dict[str, Any]:
        person, card = applicant_card(app)
        members = {m.person.nik: m for m in selectors.card_members(card)}
        mother_m = members.get(data.get("nik_ibu", ""))
        if mother_m is None or mother_m.person.sex != Sex.FEMALE:
            raise _error(_("Ibu harus tercatat sebagai perempuan pada KK pemohon."), "nik_ibu")
        father_m = members.get(data.get("nik_ayah") or "")
        evidence = data.get("bukti_perkawinan")
        if data.get("nik_ayah") and evidence != "tidak_ada" and (father_m is None or father_m.person.sex != Sex.MALE):
            raise _error(_("Ayah harus tercatat sebagai laki-laki pada KK pemohon."), "nik_ayah")
        if evidence == "sptjm":
            # Permendagri 9/2016: SPTJM on the marriage only when the KK already shows the couple married.
            married = {MaritalStatus.MARRIED, MaritalStatus.MARRIED_UNRECORDED}
            if father_m is None or not {mother_m.person.marital_status, father_m.person.marital_status} <= married:
                raise _error(_("SPTJM perkawinan hanya dapat dipakai bila KK sudah mencatat ayah dan ibu berstatus "
                               "kawin."), "bukti_perkawinan")
        born = dt.date.fromisoformat(str(data["tanggal_lahir"]))
        if born > timezone.localdate():
            raise _error(_("Tanggal lahir tidak boleh di masa depan."), "tanggal_lahir")
        birth_time = None
        if data.get("jam_lahir"):
            try:
                birth_time = dt.time.fromisoformat(data["jam_lahir"])
            except ValueError as exc:
                raise _error(_("Tulis jam lahir seperti 07:45."), "jam_lahir") from exc
        try:
            child_name = clean_person_name(str(data["nama_anak"]))
        except ValidationError as exc:
            raise _error(exc.messages[0], "nama_anak") from exc
        child = services.PersonData(
            full_name=child_name, sex=data["jenis_kelamin"],
            birth_place=data["tempat_lahir"], birth_date=born, religion=data["agama"],
            mother_id=mother_m.person.pk, father_id=father_m.person.pk if father_m and evidence != "tidak_ada" else None)
        return {"card": card, "child": child, "birth_time": birth_time, "evidence": evidence}

    def validate(self, application, data):
        facts = self._facts(application, data)
        card = facts["card"]
        route_to(application, card.regency_code, card.village_id)
        if application.pk:
            services.birth_precheck(child=facts["child"], application_ref=application.tracking_number,
                                    regency_code=card.regency_code)
        return data

    def on_approve(self, application, *, by):
        data = application.data
        try:
            facts = self._facts(application, data)
            today = timezone.localdate()
            late = services.birth_is_late(facts["child"].birth_date, today)
            decision = ""
            if late:
                # UU 24/2013 / MK 18/PUU-XI/2013: a late birth needs the office head's decision, no fine.
                decision = _("Disetujui a.n. Kepala %(office)s oleh %(officer)s, permohonan %(n)s") % {
                    "office": application.office.name, "officer": by.full_name, "n": application.tracking_display}
            outcome = services.birth_register(
                card=facts["card"], child=facts["child"], district_code=facts["card"].district_code, by=by,
                registered_on=today, late_decision=decision,
                birth_letter_by_sptjm=data.get("bukti_kelahiran") == "sptjm",
                marriage_by_sptjm=facts["evidence"] == "sptjm", marriage_evidence=facts["evidence"] == "buku_nikah",
                birth_time=facts["birth_time"], application_ref=application.tracking_number)
        except ValidationError as exc:
            raise _register_error(exc) from exc
        if outcome.held:
            raise ApiError("duplicate_pending", _("Data anak mirip dengan data yang sudah ada; putuskan dulu di "
                                                  "antrean data ganda."), status_code=422)
        _done(application, birth_record=outcome.record.pk, child_nik=outcome.child.nik,
              card=facts["card"].pk, card_version=outcome.version.number)

    def outputs(self, application):
        facts = application.data.get(KEY, {})
        record = BirthRecord.objects.select_related("child", "family_card").get(pk=facts["birth_record"])
        return [
            OutputSpec(doc_type="akta_kelahiran", template="civil/pdf/birth_certificate.html",
                       title="Kutipan Akta Kelahiran", context=birth_certificate_context(record)),
            _card_output(record.family_card, facts["card_version"]),
        ]


def birth_certificate_context(record: BirthRecord) -> dict[str, Any]:
    child = record.child
    names = services.region_names(record.family_card.village_id)
    return {
        "registration_number": record.registration_number, "nik": child.nik, "full_name": child.full_name,
        "sex_label": str(child.get_sex_display()), "birth_place": child.birth_place,
        "birth_date": child.birth_date.isoformat(), "birth_time": record.birth_time.isoformat() if record.birth_time else "",
        "mother_name": child.mother_name, "father_name": "" if record.mother_only else child.father_name,
        "mother_only": record.mother_only, "note": record.note, "is_late": record.is_late,
        "registered_on": record.registered_on.isoformat(), "regency": names["regency"],
        "birth_date_text": format_date_id(child.birth_date), "registered_on_text": format_date_id(record.registered_on),
    }


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


class ChangeDataHandler(ServiceHandler):
    """KK due to a change of data (education, occupation, marital status, address in Jatim)."""

    def form_fields(self, version):
        return [
            {"name": "nik_anggota", "label": "NIK anggota keluarga yang datanya berubah", "type": "nik",
             "required": True},
            {"name": "elemen", "label": "Data yang berubah", "type": "choice", "required": True,
             "choices": [["pendidikan", "Pendidikan"], ["pekerjaan", "Pekerjaan"],
                         ["status_perkawinan", "Status perkawinan"], ["alamat", "Alamat (dalam Jawa Timur)"]]},
            {"name": "nilai_baru", "label": "Data baru (untuk pendidikan, pekerjaan, status perkawinan)",
             "type": "text", "required": False, "max_length": 100},
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
        field = ELEMENT_FIELDS[element]
        raw = (data.get("nilai_baru") or "").strip()
        value = raw if field == "occupation" else CHOICES[field].get(raw.lower())
        if not value:
            raise _error(_("Isi data baru yang sah."), "nilai_baru")
        return card, member.person, (field, value), None

    def validate(self, application, data):
        card, _p, _change, address = self._facts(application, data)
        target = address.village_code if address else card.village_id
        route_to(application, target[:4], target)
        return data

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


# --- KTP-el -----------------------------------------------------------------------------------

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
            booking = services.ktp_slot_book(person=person, regency_code=card.regency_code, purpose=purpose,
                                             preferred=dt.date.fromisoformat(str(data["tanggal_datang"])),
                                             application_ref=application.tracking_number)
        except ValidationError as exc:
            raise _register_error(exc) from exc
        _done(application, booking=booking.pk, purpose=purpose, date=booking.slot.date.isoformat())

    def outputs(self, application):
        facts = application.data[KEY]
        booking = KtpBooking.objects.select_related("slot", "person").get(pk=facts["booking"])
        person = booking.person
        print_from = services.ktp_print_from(person) if booking.purpose == SlotPurpose.RECORDING else None
        titles = {"new": "KTP-el baru", "replace": "Penggantian KTP-el", "change": "Perubahan data KTP-el"}
        return [OutputSpec(doc_type="ktp_el_receipt", template="civil/pdf/ktp_receipt.html",
                           title="Tanda Terima Permohonan KTP-el", context={
                               "service": titles[self.kind], "tracking": application.tracking_display,
                               "nik": person.nik, "full_name": person.full_name,
                               "birth_place": person.birth_place, "birth_date": person.birth_date.isoformat(),
                               "purpose": booking.purpose, "purpose_label": str(booking.get_purpose_display()),
                               "date": booking.slot.date.isoformat(), "office": application.office.name,
                               "ready_for_pickup": booking.purpose == SlotPurpose.PICKUP,
                               "print_from": print_from.isoformat() if print_from else ""})]


class KtpReplaceHandler(KtpHandler):
    kind = "replace"


class KtpChangeHandler(KtpHandler):
    kind = "change"


HANDLERS = {
    "akta-kelahiran": BirthHandler(),
    "kk-baru": NewFamilyHandler(),
    "kk-perubahan-data": ChangeDataHandler(),
    "kk-hilang-rusak": ReplacementHandler(),
    "ktp-el-baru": KtpHandler(),
    "ktp-el-ganti": KtpReplaceHandler(),
    "ktp-el-perubahan": KtpChangeHandler(),
}


def register() -> None:
    for code, handler in HANDLERS.items():
        register_handler(code, handler)
