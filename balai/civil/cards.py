"""Writes to the population register: family cards and persons. Each runs in one transaction,
locks the family card it changes (``select_for_update``) and writes an audit entry; every change of
a printed element is a new family-card version (REFERENCE §2.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainValidationError
from balai.regions.models import Level, Region

from . import dedup
from .models import (
    FamilyCard,
    FamilyCardStatus,
    FamilyCardVersion,
    MaritalStatus,
    Membership,
    Person,
    RecordStatus,
    Relationship,
    VersionReason,
)
from .numbers import allocate_kk_number

SNAPSHOT_PERSON_FIELDS = ("nik", "full_name", "sex", "birth_place", "birth_date", "religion", "education",
                          "occupation", "marital_status", "citizenship", "blood_type", "father_name", "mother_name")
# Fields a "change of data" may touch (Perpres 96/2018 Art. 10(b); the rest need a court or deed).
# Name, place and date of birth are corrected to the birth certificate the officer checked.
CHANGEABLE_FIELDS = frozenset({"education", "occupation", "marital_status", "religion", "blood_type",
                               "full_name", "birth_place", "birth_date", "father_name", "mother_name"})


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
    born = changes.get("birth_date")
    if born is not None and born > timezone.localdate():
        raise RegisterError(_("Tanggal lahir tidak boleh di masa depan."), code="birth_date_in_future")
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
