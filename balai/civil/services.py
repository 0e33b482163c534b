"""Writes to the population register. Each runs in one transaction, locks the family card it
changes (``select_for_update``) and writes an audit entry; every change of a printed element is
a new family-card version (REFERENCE §2.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainValidationError
from balai.core.numbers import next_value
from balai.regions.models import Level, Region

from . import dedup
from .conf import conf
from .models import (
    BirthRecord,
    DuplicateAction,
    DuplicateReview,
    FamilyCard,
    FamilyCardStatus,
    FamilyCardVersion,
    KtpBooking,
    KtpSlot,
    MaritalStatus,
    Membership,
    Person,
    RecordStatus,
    Relationship,
    ReviewStatus,
    VersionReason,
)
from .numbers import allocate_kk_number, allocate_nik

# Fields of a person printed on the KK (REFERENCE §1.2), in print order.
SNAPSHOT_PERSON_FIELDS = ("nik", "full_name", "sex", "birth_place", "birth_date", "religion", "education",
                          "occupation", "marital_status", "citizenship", "blood_type", "father_name", "mother_name")
# Fields a "change of data" may touch (Perpres 96/2018 Art. 10(b); the rest need a court or deed).
CHANGEABLE_FIELDS = frozenset({"education", "occupation", "marital_status", "religion", "blood_type",
                               "full_name", "birth_place", "father_name", "mother_name"})


class RegisterError(DomainValidationError):
    """A register rule was broken; ``code`` is stable for the API (409). Still a Django
    ``ValidationError`` for the forms and callers that catch one."""


@dataclass(frozen=True)
class CardAddress:
    street: str
    rt: str
    rw: str
    village_code: str
    postal_code: str = ""


@dataclass
class PersonData:
    full_name: str
    sex: str
    birth_place: str
    birth_date: dt.date
    religion: str
    marital_status: str = MaritalStatus.SINGLE
    education: str = "tidak_sekolah"
    occupation: str = ""
    blood_type: str = ""
    citizenship: str = "WNI"
    father_name: str = ""
    mother_name: str = ""
    mother_id: int | None = None
    father_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def candidate(self) -> dedup.Candidate:
        return dedup.Candidate(self.full_name, self.birth_date, self.sex, self.mother_name,
                               str(self.mother_id) if self.mother_id else "")


def region_names(village_code: str) -> dict[str, str]:
    codes = [village_code[:2], village_code[:4], village_code[:6], village_code]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return {"province": names.get(codes[0], ""), "regency": names.get(codes[1], ""),
            "district": names.get(codes[2], ""), "village": names.get(codes[3], "")}


def person_snapshot(person: Person, relationship: str) -> dict[str, Any]:
    row = {name: getattr(person, name) for name in SNAPSHOT_PERSON_FIELDS}
    row["birth_date"] = person.birth_date.isoformat()
    row["relationship"] = relationship
    row["person_id"] = person.pk
    return row


def card_snapshot(card: FamilyCard, *, names: dict[str, str] | None = None,
                  members: list[tuple[Person, str]] | None = None) -> dict[str, Any]:
    """What a printed card shows: number, address with region names, head, members table."""
    if members is None:
        members = [(m.person, m.relationship) for m in
                   card.memberships.filter(is_active=True).select_related("person").order_by("order", "id")]
    head = next((p for p, rel in members if rel == Relationship.HEAD), None)
    return {
        "kk_number": card.kk_number,
        "head_name": head.full_name if head else "",
        "address": {"street": card.street, "rt": card.rt, "rw": card.rw, "village_code": card.village_id,
                    "postal_code": card.postal_code, **(names or region_names(card.village_id))},
        "members": [person_snapshot(p, rel) for p, rel in members],
    }


def _new_version(card: FamilyCard, *, reason: str, by, note: str = "", on: dt.date | None = None) -> FamilyCardVersion:
    """Print a new version of ``card`` from its current memberships. Call holding the card's row lock."""
    card.current_version += 1
    card.save(update_fields=["current_version", "head", "status", "street", "rt", "rw", "village", "postal_code"])
    version = FamilyCardVersion.objects.create(
        family_card=card, number=card.current_version, printed_at=on or timezone.localdate(), reason=reason,
        note=note[:300], snapshot=card_snapshot(card), created_by=by if getattr(by, "pk", None) else None)
    audit.record(action="civil.family_card.version", actor=by, object_type="family_card", object_id=card.pk,
                 data={"version": version.number, "reason": reason, "kk": card.kk_number})
    return version


def _lock(card: FamilyCard) -> FamilyCard:
    return FamilyCard.objects.select_for_update().get(pk=card.pk)


def _next_order(card: FamilyCard) -> int:
    last = card.memberships.filter(is_active=True).order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def _end_membership(person: Person, *, by, reason: str = VersionReason.MEMBER_LEFT) -> None:
    """Take ``person`` off their current card (a new version of that card), if they are on one."""
    current = Membership.objects.filter(person=person, is_active=True).select_related("family_card").first()
    if current is None:
        return
    card = _lock(current.family_card)
    if current.relationship == Relationship.HEAD and card.memberships.filter(is_active=True).count() > 1:
        raise RegisterError(_("Kepala keluarga tidak dapat keluar dari KK yang masih beranggota; "
                              "ganti kepala keluarga terlebih dahulu."), code="head_leaving")
    current.is_active = False
    current.to_version = card.current_version
    current.save(update_fields=["is_active", "to_version"])
    if not card.memberships.filter(is_active=True).exists():
        card.status = FamilyCardStatus.INACTIVE
        card.head = None
    _new_version(card, reason=reason, by=by)


def validate_village(code: str) -> Region:
    village = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if village is None:
        raise RegisterError(_("Kode desa/kelurahan tidak dikenal."), code="unknown_village")
    return village


@transaction.atomic
def family_card_create(*, head: Person, address: CardAddress, by, members: Sequence[tuple[Person, str]] = (),
                       reason: str = VersionReason.NEW_FAMILY, on: dt.date | None = None,
                       note: str = "") -> FamilyCard:
    """A new family (e.g. after marriage): a new KK number for the district of the address; the
    members leave their previous cards, each of which is re-issued without them."""
    on = on or timezone.localdate()
    validate_village(address.village_code)
    everyone = [(head, Relationship.HEAD), *members]
    if any(rel == Relationship.HEAD for _p, rel in members):
        raise RegisterError(_("Hanya satu kepala keluarga."), code="two_heads")
    for person, _rel in everyone:
        if person.record_status != RecordStatus.ACTIVE:
            raise RegisterError(_("Data penduduk %(name)s belum aktif.") % {"name": person.full_name},
                                code="person_not_active")
        _end_membership(person, by=by)
    card = FamilyCard.objects.create(
        kk_number=allocate_kk_number(district_code=address.village_code[:6], on=on), street=address.street,
        rt=address.rt.zfill(3), rw=address.rw.zfill(3), village_id=address.village_code,
        postal_code=address.postal_code, head=head)
    Membership.objects.bulk_create([
        Membership(family_card=card, person=p, relationship=rel, from_version=1, order=i)
        for i, (p, rel) in enumerate(everyone, start=1)])
    audit.record(action="civil.family_card.create", actor=by, object_type="family_card", object_id=card.pk,
                 data={"kk": card.kk_number, "members": len(everyone)})
    _new_version(card, reason=reason, by=by, on=on, note=note)
    return card


@transaction.atomic
def family_card_add_member(*, card: FamilyCard, person: Person, relationship: str, by,
                           reason: str = VersionReason.DATA_CHANGE, note: str = "") -> FamilyCardVersion:
    if relationship == Relationship.HEAD:
        raise RegisterError(_("Kepala keluarga baru berarti KK baru."), code="two_heads")
    _end_membership(person, by=by)
    card = _lock(card)
    if card.status != FamilyCardStatus.ACTIVE:
        raise RegisterError(_("KK ini tidak aktif."), code="card_inactive")
    Membership.objects.create(family_card=card, person=person, relationship=relationship,
                              from_version=card.current_version + 1, order=_next_order(card))
    return _new_version(card, reason=reason, by=by, note=note)


@transaction.atomic
def family_card_change_address(*, card: FamilyCard, address: CardAddress, by, note: str = "") -> FamilyCardVersion:
    """A move within the province keeps the KK number (the head does not change)."""
    validate_village(address.village_code)
    card = _lock(card)
    card.street, card.rt, card.rw = address.street, address.rt.zfill(3), address.rw.zfill(3)
    card.village_id, card.postal_code = address.village_code, address.postal_code
    return _new_version(card, reason=VersionReason.ADDRESS, by=by, note=note)


@transaction.atomic
def family_card_reissue(*, card: FamilyCard, reason: str, by, note: str = "") -> FamilyCardVersion:
    """Replacement of a lost or damaged card: same content, a new print date."""
    if reason not in (VersionReason.LOST, VersionReason.DAMAGED):
        raise RegisterError(_("Alasan penggantian tidak dikenal."), code="invalid_reason")
    return _new_version(_lock(card), reason=reason, by=by, note=note)


@transaction.atomic
def person_change_data(*, person: Person, changes: dict[str, Any], by, note: str = "",
                       reissue: bool = True) -> FamilyCardVersion | None:
    """Change printed elements of a person; their family card is re-issued (a new version)
    unless ``reissue`` is False (the caller is about to print another card for them)."""
    unknown = set(changes) - CHANGEABLE_FIELDS
    if unknown:
        raise RegisterError(_("Elemen data ini tidak dapat diubah melalui layanan ini: %(f)s")
                            % {"f": ", ".join(sorted(unknown))}, code="field_not_changeable")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = {name: getattr(person, name) for name in changes}
    for name, value in changes.items():
        setattr(person, name, value)
    person.full_clean(exclude=["mother", "father"])
    person.save()
    audit.record(action="civil.person.change", actor=by, object_type="person", object_id=person.pk,
                 data={"fields": sorted(changes), "before": before})
    membership = Membership.objects.filter(person=person, is_active=True).first()
    if membership is None or not reissue:
        return None
    return _new_version(_lock(membership.family_card), reason=VersionReason.DATA_CHANGE, by=by, note=note)


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


# --- KTP-el recording and pick-up slots -------------------------------------------------------

class SlotsFull(RegisterError):
    pass


@transaction.atomic
def ktp_slot_book(*, person: Person, regency_code: str, purpose: str, preferred: dt.date,
                  application_ref: str = "") -> KtpBooking:
    """Book the first working day from ``preferred`` with room at the regency's Disdukcapil.
    The day's row is locked while it is counted, and a check constraint keeps ``booked`` within
    ``capacity`` whatever happens."""
    from balai.core.calendar import is_working_day

    existing = KtpBooking.objects.filter(person=person, purpose=purpose, application_ref=application_ref,
                                         slot__regency_code=regency_code).select_related("slot").first()
    if application_ref and existing is not None:
        return existing
    day = max(preferred, timezone.localdate() + dt.timedelta(days=1))
    last = day + dt.timedelta(days=conf("CIVIL_KTP_BOOKING_HORIZON_DAYS"))
    while day <= last:
        if is_working_day(day, regency_code=regency_code):
            KtpSlot.objects.bulk_create([KtpSlot(regency_code=regency_code, date=day,
                                                 capacity=conf("CIVIL_KTP_DEFAULT_DAILY_CAPACITY"))],
                                        ignore_conflicts=True)
            slot = KtpSlot.objects.select_for_update().get(regency_code=regency_code, date=day)
            if slot.booked < slot.capacity:
                slot.booked += 1
                slot.save(update_fields=["booked"])
                booking = KtpBooking.objects.create(slot=slot, person=person, purpose=purpose,
                                                    application_ref=application_ref)
                audit.record(action="civil.ktp.book", actor=None, object_type="ktp_booking", object_id=booking.pk,
                             data={"regency": regency_code, "date": day.isoformat(), "purpose": purpose})
                return booking
        day += dt.timedelta(days=1)
    raise SlotsFull(_("Kuota layanan KTP-el penuh sampai %(d)s; pilih tanggal lain.") % {"d": last.isoformat()},
                    code="slots_full")
