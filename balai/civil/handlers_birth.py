"""Birth registration on the case engine (akta kelahiran, with the child added to the family card)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases.handlers import OutputSpec, ServiceHandler
from balai.core.api import ApiError
from balai.core.formatting import format_date_id
from balai.core.names import clean_person_name

from . import case_people, selectors, services
from .handlers_common import (
    KEY,
    RELIGION_CHOICES,
    SEX_CHOICES,
    _card_output,
    _done,
    _error,
    _register_error,
    applicant_card,
    route_to,
)
from .models import (
    BirthRecord,
    MaritalStatus,
    Sex,
)

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
