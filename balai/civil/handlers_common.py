"""What the civil case handlers share: the applicant's register facts, routing to the
Disdukcapil of the family's address, address fields, register errors as API errors, the KK output."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.cases.handlers import OutputSpec
from balai.core.api import ApiError
from balai.core.formatting import format_date_id
from balai.core.nik import JATIM
from balai.regions.models import Level, Region

from . import selectors, services
from .models import (
    Education,
    FamilyCard,
    FamilyCardVersion,
    MaritalStatus,
    Person,
    Relationship,
    Religion,
    Sex,
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
