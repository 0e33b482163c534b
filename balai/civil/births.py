"""Birth registration (UU 23/2006 Art. 27 and the register's rules) and duplicate reviews."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.numbers import next_value
from balai.regions.models import Level, Region

from . import dedup
from .cards import PersonData, RegisterError, _lock, _new_version, _next_order
from .conf import conf
from .models import (
    BirthRecord,
    DuplicateAction,
    DuplicateReview,
    FamilyCard,
    FamilyCardStatus,
    FamilyCardVersion,
    MaritalStatus,
    Membership,
    Person,
    RecordStatus,
    Relationship,
    ReviewStatus,
    VersionReason,
)
from .numbers import allocate_nik

# --- Births ---------------------------------------------------------------------------------

class DuplicatePending(RegisterError):
    pass


@dataclass
class BirthOutcome:
    child: Person
    record: BirthRecord | None = None
    version: FamilyCardVersion | None = None
    review: DuplicateReview | None = None

    @property
    def held(self) -> bool:
        return self.record is None


def birth_is_late(birth_date: dt.date, registered_on: dt.date) -> bool:
    # UU 23/2006 as amended, Art. 27: report within 60 days of the birth.
    return (registered_on - birth_date).days > conf("CIVIL_BIRTH_DEADLINE_DAYS")


def birth_registration_number(*, regency_code: str, registered_on: dt.date, late: bool) -> str:
    kinds = conf("CIVIL_BIRTH_KIND_CODES")
    seq = next_value(f"akta:{regency_code}:{registered_on.year}")
    return conf("CIVIL_BIRTH_REGISTRATION_NUMBER_FORMAT").format(
        regency=regency_code, kind=kinds["late" if late else "on_time"], date=registered_on,
        year=registered_on.year, seq=seq)


def _birth_relationship(card: FamilyCard, mother: Person | None, father: Person | None) -> str:
    """Anak of the head or the head's spouse; Cucu when a parent is a child of the head."""
    rels = dict(card.memberships.filter(is_active=True).values_list("person_id", "relationship"))
    parent_rels = {rels.get(p.pk) for p in (mother, father) if p is not None}
    if parent_rels & {Relationship.HEAD, Relationship.HUSBAND, Relationship.WIFE} or not parent_rels - {None}:
        return Relationship.CHILD
    if parent_rels & {Relationship.CHILD, Relationship.CHILD_IN_LAW}:
        return Relationship.GRANDCHILD
    return Relationship.OTHER_RELATIVE


@transaction.atomic
def birth_register(*, card: FamilyCard, child: PersonData, district_code: str, by,
                   registered_on: dt.date | None = None, late_decision: str = "",
                   birth_letter_by_sptjm: bool = False, marriage_by_sptjm: bool = False,
                   marriage_evidence: bool = True, birth_time: dt.time | None = None,
                   application_ref: str = "", relationship: str | None = None) -> BirthOutcome:
    """Record a birth: the child's NIK (``district_code`` = the registering kecamatan), the
    birth-register entry and the family card re-issued with the child (same KK number).

    Without a marriage book or an SPTJM on the marriage the child is the mother's child only
    (Permendagri 9/2016). A registration after the deadline needs the head of office's decision
    in ``late_decision``; there is no fine. A likely duplicate is held for an officer's
    decision (``BirthOutcome.held``); the birth completes when the officer clears it.
    """
    registered_on = registered_on or timezone.localdate()
    if child.birth_date > registered_on:
        raise RegisterError(_("Tanggal lahir tidak boleh di masa depan."), code="future_birth")
    late = birth_is_late(child.birth_date, registered_on)
    if late and not late_decision.strip():
        raise RegisterError(_("Pencatatan kelahiran melewati %(d)s hari: wajib ada keputusan kepala "
                              "Dinas Dukcapil (tanpa denda).") % {"d": conf("CIVIL_BIRTH_DEADLINE_DAYS")},
                            code="late_decision_required")
    if len(district_code) != 6 or not Region.objects.filter(code=district_code, level=Level.DISTRICT).exists():
        raise RegisterError(_("Kode kecamatan pencatatan tidak dikenal."), code="unknown_district")
    card = _lock(card)
    if card.status != FamilyCardStatus.ACTIVE:
        raise RegisterError(_("KK ini tidak aktif."), code="card_inactive")
    mother = Person.objects.filter(pk=child.mother_id).first() if child.mother_id else None
    father = Person.objects.filter(pk=child.father_id).first() if child.father_id else None
    mother_only = not (marriage_evidence or marriage_by_sptjm)
    if mother_only:
        father, child.father_id, child.father_name = None, None, ""
    details = {"card_id": card.pk, "registered_on": registered_on.isoformat(), "late": late,
               "late_decision": late_decision.strip(), "birth_letter_by_sptjm": birth_letter_by_sptjm,
               "marriage_by_sptjm": marriage_by_sptjm, "mother_only": mother_only,
               "birth_time": birth_time.isoformat() if birth_time else "", "application_ref": application_ref,
               "relationship": relationship or _birth_relationship(card, mother, father),
               "district_code": district_code}

    candidate = child.candidate()
    matches = dedup.check_person(candidate)
    cleared = False
    if matches:
        # A decision is found again by the facts checked and, for a case, its reference; a
        # "not a duplicate" clears only a check made before the person existed (a case's pre-check).
        reviews = DuplicateReview.objects.filter(fingerprint=dedup.fingerprint(candidate)).order_by("-created_at")
        if application_ref:
            reviews = reviews.filter(source_ref=application_ref)
        review = reviews.first()
        if review is not None and review.status == ReviewStatus.DUPLICATE:
            raise RegisterError(_("Kelahiran ini telah diputuskan sebagai data ganda."), code="duplicate")
        if review is not None and review.status == ReviewStatus.PENDING:
            raise DuplicatePending(_("Menunggu keputusan petugas atas dugaan data ganda."), code="duplicate_pending")
        cleared = review is not None and review.person_id is None

    person = Person.objects.create(
        nik=allocate_nik(district_code=district_code, birth_date=child.birth_date, sex=child.sex),
        full_name=child.full_name.strip(), sex=child.sex, birth_place=child.birth_place,
        birth_date=child.birth_date, religion=child.religion, marital_status=MaritalStatus.SINGLE,
        education="tidak_sekolah", citizenship=child.citizenship, blood_type=child.blood_type,
        father_name=child.father_name or (father.full_name if father else ""),
        mother_name=child.mother_name or (mother.full_name if mother else ""),
        mother=mother, father=father,
        record_status=RecordStatus.HELD if matches and not cleared else RecordStatus.ACTIVE)
    audit.record(action="civil.person.create", actor=by, object_type="person", object_id=person.pk,
                 data={"source": "birth", "nik": person.nik, "held": person.record_status == RecordStatus.HELD})
    if person.record_status == RecordStatus.HELD:
        held = duplicate_review_open(person=person, matches=matches, source="birth", source_ref=application_ref,
                                     regency_code=card.regency_code, subject={"birth": details}, by=by)
        return BirthOutcome(child=person, review=held)
    return _birth_complete(person=person, details=details, by=by)


def _birth_complete(*, person: Person, details: dict[str, Any], by) -> BirthOutcome:
    card = _lock(FamilyCard.objects.get(pk=details["card_id"]))
    registered_on = dt.date.fromisoformat(details["registered_on"])
    Membership.objects.create(family_card=card, person=person, relationship=details["relationship"],
                              from_version=card.current_version + 1, order=_next_order(card))
    notes = []
    if details["marriage_by_sptjm"]:
        # Permendagri 9/2016: the certificate notes that the marriage is not yet recorded.
        notes.append(_("Perkawinan belum tercatat sesuai ketentuan peraturan perundang-undangan."))
    if details["late"]:
        notes.append(_("Pencatatan terlambat berdasarkan keputusan Kepala Dinas: %(d)s") % {"d": details["late_decision"]})
    record = BirthRecord.objects.create(
        registration_number=birth_registration_number(regency_code=card.regency_code, registered_on=registered_on,
                                                      late=details["late"]),
        child=person, family_card=card, family_card_version=card.current_version + 1,
        birth_time=dt.time.fromisoformat(details["birth_time"]) if details["birth_time"] else None,
        district_code=details["district_code"], regency_code=card.regency_code, registered_on=registered_on,
        is_late=details["late"], late_decision=details["late_decision"],
        birth_letter_by_sptjm=details["birth_letter_by_sptjm"], marriage_by_sptjm=details["marriage_by_sptjm"],
        mother_only=details["mother_only"], note=" ".join(str(n) for n in notes)[:300],
        application_ref=details["application_ref"], created_by=by if getattr(by, "pk", None) else None)
    version = _new_version(card, reason=VersionReason.BIRTH, by=by, note=record.registration_number)
    audit.record(action="civil.birth.register", actor=by, object_type="birth", object_id=record.pk,
                 data={"number": record.registration_number, "late": record.is_late, "nik": person.nik})
    return BirthOutcome(child=person, record=record, version=version)


# --- Duplicate reviews ----------------------------------------------------------------------

def duplicate_review_open(*, person: Person | None, matches: list[dedup.Match], source: str, source_ref: str,
                          regency_code: str, subject: dict[str, Any] | None = None, by=None,
                          candidate: dedup.Candidate | None = None) -> DuplicateReview:
    candidate = candidate or (dedup.Candidate.of(person) if person else None)
    assert candidate is not None
    review = DuplicateReview.objects.create(
        person=person, subject={**(subject or {}), "full_name": candidate.full_name,
                                "birth_date": candidate.birth_date.isoformat(), "mother_name": candidate.mother_name},
        matches=[asdict(m) for m in matches], source=source, source_ref=source_ref, regency_code=regency_code,
        fingerprint=dedup.fingerprint(candidate))
    review.candidates.set([m.person_id for m in matches])
    DuplicateAction.objects.create(review=review, action="flagged", by=by if getattr(by, "pk", None) else None,
                                   note=", ".join(sorted({m.rule for m in matches})))
    audit.record(action="civil.duplicate.flag", actor=by, object_type="duplicate_review", object_id=review.pk,
                 data={"source": source, "matches": len(matches)})
    return review


@transaction.atomic
def duplicate_decide(*, review: DuplicateReview, is_duplicate: bool, by, note: str = "") -> DuplicateReview:
    """An officer's decision. A held person becomes active (and a held birth completes) or is
    marked a duplicate; either way the decision is an action in the review's log."""
    review = DuplicateReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.PENDING:
        raise RegisterError(_("Dugaan data ganda ini sudah diputuskan."), code="already_decided")
    review.status = ReviewStatus.DUPLICATE if is_duplicate else ReviewStatus.NOT_DUPLICATE
    review.save(update_fields=["status"])
    DuplicateAction.objects.create(review=review, action=review.status, by=by, note=note[:500])
    audit.record(action="civil.duplicate.decide", actor=by, object_type="duplicate_review", object_id=review.pk,
                 data={"decision": review.status})
    person = review.person
    if person is not None:
        person.record_status = RecordStatus.DUPLICATE if is_duplicate else RecordStatus.ACTIVE
        person.save(update_fields=["record_status", "updated_at"])
        if is_duplicate:
            Membership.objects.filter(person=person, is_active=True).update(is_active=False)
        elif "birth" in review.subject:
            _birth_complete(person=person, details=review.subject["birth"], by=by)
    return review



def birth_precheck(*, child: PersonData, application_ref: str, regency_code: str) -> DuplicateReview | None:
    """Before a case reaches approval: open a review when the child matches the register, so an
    officer can decide first (approval then finds the decision by its facts and the case)."""
    candidate = child.candidate()
    matches = dedup.check_person(candidate)
    if not matches:
        return None
    existing = DuplicateReview.objects.filter(fingerprint=dedup.fingerprint(candidate), source_ref=application_ref).first()
    if existing is not None:
        return existing
    return duplicate_review_open(person=None, matches=matches, source="birth", source_ref=application_ref,
                                 regency_code=regency_code, candidate=candidate,
                                 subject={"application": application_ref})
