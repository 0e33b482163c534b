"""Who may apply for an adminduk service, and whom a case is about.

``eligibility`` answers before a draft exists (the case engine asks the handler when a citizen
starts an application), so a service the register already rules out says so without leaving an
orphan draft. ``subjects`` names the family member a case concerns on the officer's desk: name,
relationship to the applicant in words, masked NIK, and the person's page where the audited full
read (``selectors.record_full_read``) is one click away.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.cases.handlers import CaseSubject
from balai.core.masking import mask_nik

from . import selectors, services
from .conf import conf
from .models import Person, RecordStatus, Relationship, Sex

SPOUSES = (Relationship.WIFE, Relationship.HUSBAND)


def register_refusal(applicant) -> str | None:
    """The checks every register-backed service makes first: the account's identity reaches the
    register (matched) and the person is on an active family card."""
    person = selectors.person_for_citizen(applicant)
    if person is None:
        return _("Layanan ini memakai data kependudukan pemohon: cocokkan dulu identitas akun (nama, tanggal "
                 "lahir, dan nomor KK) di halaman Verifikasi identitas pada profil Anda.")
    if selectors.active_membership(person) is None:
        return _("Pemohon belum tercatat pada kartu keluarga yang aktif.")
    return None


def ktp_refusal(kind: str, person: Person) -> str | None:
    """Why ``person`` cannot use the KTP-el service ``kind`` ("new", "replace", "change"), or None."""
    if kind == "new":
        eligible, _reason = services.ktp_eligibility(person)
        if not eligible and not services.ktp_recording_early(person):
            return (_("Belum wajib KTP-el: menurut data kependudukan Anda belum berumur %(age)s tahun dan belum "
                      "pernah kawin (UU 24/2013 Pasal 63).") % {"age": conf("CIVIL_KTP_MIN_AGE")})
        if person.ktp_issued_at:
            return _("KTP-el Anda sudah pernah dicetak; gunakan layanan penggantian.")
    elif person.ktp_issued_at is None and person.biometric_recorded_at is None:
        return _("Belum ada KTP-el yang dapat diganti; gunakan layanan KTP-el baru.")
    return None


def ktp_eligibility(kind: str, applicant) -> str | None:
    refusal = register_refusal(applicant)
    if refusal:
        return refusal
    person = selectors.person_for_citizen(applicant)
    assert person is not None  # register_refusal checked it
    return ktp_refusal(kind, person)


def relationship_to(applicant: Person | None, person: Person) -> str:
    """``person``'s relationship to the applicant, in words, from the register: parentage first,
    then the two people's places on the same family card; else the place on the card."""
    if applicant is not None:
        if person.pk == applicant.pk:
            return _("Pemohon sendiri")
        if applicant.pk in (person.mother_id, person.father_id):
            return _("Anak")
        if person.pk in (applicant.mother_id, applicant.father_id):
            return _("Ibu") if person.sex == Sex.FEMALE else _("Ayah")
    own = selectors.active_membership(applicant) if applicant is not None else None
    theirs = selectors.active_membership(person)
    if theirs is None:
        return _("Tidak tercatat pada KK yang aktif")
    if own is not None and own.family_card_id == theirs.family_card_id:
        if own.relationship == Relationship.HEAD:
            return str(theirs.get_relationship_display())
        if own.relationship in SPOUSES and theirs.relationship == Relationship.HEAD:
            return _("Suami") if person.sex == Sex.MALE else _("Istri")
        if own.relationship in SPOUSES and theirs.relationship == Relationship.CHILD:
            return _("Anak")
    return _("%(relationship)s pada KK") % {"relationship": theirs.get_relationship_display()}


def _applicant(app) -> Person | None:
    return Person.objects.filter(nik=app.subject_nik, record_status=RecordStatus.ACTIVE).first()


def person_subject(app, nik: str, fallback: str = "") -> list[CaseSubject]:
    """The register person with ``nik`` (from the application's data) as the case's subject."""
    person = Person.objects.filter(nik=nik or "").first()
    if person is None:
        return [CaseSubject(name=_("Tidak ditemukan di data kependudukan"), relationship=fallback,
                            nik_masked=mask_nik(nik) if nik else "")]
    return [CaseSubject(name=person.full_name, relationship=relationship_to(_applicant(app), person),
                        nik_masked=person.nik_masked,
                        reveal_url=reverse("civil:person", args=[person.public_id]) + "#buka-data")]


def birth_subject(app) -> list[CaseSubject]:
    """A birth: the child, by the name on the form; the NIK once the birth is registered."""
    child_nik = (app.data.get("_civil") or {}).get("child_nik")
    if child_nik:
        return person_subject(app, child_nik, _("Anak"))
    parents = {app.data.get("nik_ibu"), app.data.get("nik_ayah")} - {None, ""}
    if app.subject_nik in parents:
        relationship = _("Anak (kelahiran yang dicatatkan)")
    else:
        mother = Person.objects.filter(nik=app.data.get("nik_ibu") or "").values_list("full_name", flat=True).first()
        relationship = _("Anak dari %(mother)s (kelahiran yang dicatatkan)") % {"mother": mother or "—"}
    return [CaseSubject(name=str(app.data.get("nama_anak") or "—"), relationship=relationship)]
