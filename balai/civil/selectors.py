"""Scoped reads of the population register (ARCHITECTURE invariant 5: scope before data).

Staff see persons and family cards whose *current address* lies in a regency of their
jurisdiction (``StaffProfile.jurisdiction``); administrators see everything; other roles see
nothing. Reading a full NIK/KK is a separate, audited call (``person_reveal``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from balai.accounts.identity import register_nik
from balai.accounts.models import IdentityLevel, Role
from balai.core import audit
from balai.core.masking import mask_name
from balai.core.models import AuditEntry

from .dedup import normalise_name
from .models import (
    BirthRecord,
    DuplicateReview,
    FamilyCard,
    FamilyCardVersion,
    Membership,
    Person,
    RecordStatus,
    ReviewStatus,
)

SEARCH_LIMIT = 50


def staff_regencies(user) -> list[str] | None:
    """Regency codes a staff member may read; ``None`` = no limit (admin)."""
    if user.role == Role.ADMIN:
        return None
    if user.role not in (Role.OFFICER, Role.SUPERVISOR):
        return []
    staff = getattr(user, "staff", None)
    if staff is None:
        return []
    return list(staff.jurisdiction.values_list("code", flat=True))


def _regency_q(prefix: str, regencies: list[str]) -> Q:
    q = Q(pk__in=[])
    for code in regencies:
        q |= Q(**{f"{prefix}__startswith": code})
    return q


def family_cards_for_staff(user) -> QuerySet[FamilyCard]:
    qs = FamilyCard.objects.select_related("head", "village")
    regencies = staff_regencies(user)
    return qs if regencies is None else qs.filter(_regency_q("village__code", regencies))


def persons_for_staff(user) -> QuerySet[Person]:
    """Persons whose active family card is in the user's jurisdiction (held records included)."""
    qs = Person.objects.exclude(record_status=RecordStatus.DUPLICATE)
    regencies = staff_regencies(user)
    if regencies is None:
        return qs
    cards = Membership.objects.filter(is_active=True).filter(_regency_q("family_card__village__code", regencies))
    return qs.filter(pk__in=cards.values("person_id"))


def person_search(*, user, nik: str = "", kk_number: str = "", name: str = "",
                  birth_date: dt.date | None = None) -> QuerySet[Person]:
    """By NIK, by KK number, or by name + date of birth (a name alone is too broad to allow)."""
    qs = persons_for_staff(user)
    if nik:
        return qs.filter(nik=nik)
    if kk_number:
        return qs.filter(memberships__is_active=True, memberships__family_card__kk_number=kk_number)
    if name and birth_date:
        words = normalise_name(name).split()
        qs = qs.filter(birth_date=birth_date)
        for word in words:
            qs = qs.filter(full_name__icontains=word)
        return qs.order_by("full_name")[:SEARCH_LIMIT]
    return qs.none()


def access_person(user, public_id) -> Person:
    """The only way a staff view gets a person: 404 outside the user's scope."""
    from django.http import Http404

    person = persons_for_staff(user).filter(public_id=public_id).first()
    if person is None:
        raise Http404
    return person


def access_family_card(user, public_id) -> FamilyCard:
    from django.http import Http404

    card = family_cards_for_staff(user).filter(public_id=public_id).first()
    if card is None:
        raise Http404
    return card


def active_membership(person: Person) -> Membership | None:
    return (Membership.objects.filter(person=person, is_active=True)
            .select_related("family_card", "family_card__village").first())


def card_members(card: FamilyCard) -> list[Membership]:
    return list(card.memberships.filter(is_active=True).select_related("person").order_by("order", "id"))


def record_full_read(*, user, object_type: str, obj, reason: str) -> None:
    """Reading a full NIK/KK is itself an audited action (ARCHITECTURE invariant 5). The entry
    keeps the regency the record was in at that moment, so the review of that regency's
    supervisor still shows the read after the family moves elsewhere."""
    if isinstance(obj, FamilyCard):
        regency = obj.regency_code
    else:
        membership = active_membership(obj)
        regency = membership.family_card.regency_code if membership else ""
    audit.record(action=f"civil.{object_type}.read_full", actor=user, object_type=object_type,
                 object_id=obj.pk, data={"reason": reason[:300], "regency": regency})


FULL_READ_ACTIONS = ("civil.person.read_full", "civil.family_card.read_full")


def full_reads_for_supervisor(user, *, since: dt.date | None = None, until: dt.date | None = None,
                              officer: str = "") -> QuerySet[AuditEntry]:
    """Audited reads of full NIK/KK numbers (``record_full_read``) of the records in the user's
    jurisdiction, newest first, for the supervisor who reviews them (UU PDP; docs/privacy.md).
    A read is in scope by the regency the record was in when it was read (kept in the entry);
    entries written before that was kept fall back to where the record is now (a family card by
    its village, a person by the active family card). Administrators see every read; other
    roles none."""
    from django.utils import timezone

    entries = AuditEntry.objects.filter(action__in=FULL_READ_ACTIONS)
    if user.role not in (Role.SUPERVISOR, Role.ADMIN):
        return entries.none()
    regencies = staff_regencies(user)
    if regencies is not None:
        # AuditEntry.object_id is text: compare with the ids cast to text, in the database
        persons = persons_for_staff(user).annotate(key=Cast("pk", output_field=CharField())).values("key")
        cards = family_cards_for_staff(user).annotate(key=Cast("pk", output_field=CharField())).values("key")
        now_here = Q(object_type="person", object_id__in=persons) | Q(object_type="family_card", object_id__in=cards)
        entries = entries.filter(Q(data__regency__in=regencies) | (Q(data__regency__isnull=True) & now_here))
    zone = timezone.get_current_timezone()
    if since:
        entries = entries.filter(created_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=zone))
    if until:
        entries = entries.filter(created_at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min,
                                                                    tzinfo=zone))
    if officer.strip():
        entries = entries.filter(actor_label__icontains=officer.strip())
    return entries.order_by("-created_at", "-id")


def full_read_rows(entries) -> list[tuple[AuditEntry, Person | FamilyCard | None, str]]:
    """A page of ``full_reads_for_supervisor`` as (entry, the person or family card it names,
    the reason given), with one query per record type."""
    entries = list(entries)
    ids: dict[str, set[int]] = {"person": set(), "family_card": set()}
    for entry in entries:
        if entry.object_type in ids and entry.object_id.isdigit():
            ids[entry.object_type].add(int(entry.object_id))
    found: dict[tuple[str, str], Person | FamilyCard] = {}
    for person in Person.objects.filter(pk__in=ids["person"]):
        found["person", str(person.pk)] = person
    for card in FamilyCard.objects.filter(pk__in=ids["family_card"]):
        found["family_card", str(card.pk)] = card
    return [(entry, found.get((entry.object_type, entry.object_id)), (entry.data or {}).get("reason", ""))
            for entry in entries]


# --- Citizens -------------------------------------------------------------------------------

def person_for_citizen(user, *, level: str = IdentityLevel.MATCHED) -> Person | None:
    """The register record of a citizen account's NIK, when the account's identity reaches
    ``level`` (ARCHITECTURE invariant 8): matched sees its own record and its family card masked
    and may apply for itself and its KK members; verified sees them in full. A NIK that was only
    claimed at sign-up opens nothing: anyone can type someone else's NIK."""
    nik = register_nik(user, level)
    if nik is None:
        return None
    return Person.objects.filter(nik=nik, record_status=RecordStatus.ACTIVE).first()


def citizen_view_is_full(user) -> bool:
    """Whether the citizen sees their register data in full (verified) or masked (matched)."""
    return register_nik(user, IdentityLevel.VERIFIED) is not None


def prefill_for_citizen(user) -> dict[str, Any]:
    """Values a service form starts with, from the register (the citizen only confirms them)."""
    person = person_for_citizen(user)
    if person is None:
        return {}
    membership = active_membership(person)
    data: dict[str, Any] = {"nik": person.nik, "full_name": person.full_name, "sex": person.sex,
                            "birth_place": person.birth_place, "birth_date": person.birth_date.isoformat(),
                            "religion": person.religion, "marital_status": person.marital_status,
                            "education": person.education, "occupation": person.occupation}
    if membership:
        card = membership.family_card
        data.update({"kk_number": card.kk_number, "street": card.street, "rt": card.rt, "rw": card.rw,
                     "village": card.village_id, "postal_code": card.postal_code,
                     "relationship": membership.relationship})
    return data


def duplicate_reviews_for_staff(user, *, status: str = ReviewStatus.PENDING) -> QuerySet[DuplicateReview]:
    qs = DuplicateReview.objects.filter(status=status).prefetch_related("candidates").select_related("person")
    regencies = staff_regencies(user)
    return qs if regencies is None else qs.filter(regency_code__in=regencies)


def personal_data(user) -> dict[str, Any] | None:
    """The citizen's register record and family card for the UU PDP export, as ``my_family_card``
    shows them at the account's identity level: None when only claimed; masked when matched (the
    data the citizen typed to match, the KK masked, the members' names and NIKs masked); in full
    when verified (their own NIK in full, the other members' NIKs masked)."""
    person = person_for_citizen(user)
    if person is None:
        return None
    membership = active_membership(person)
    if not citizen_view_is_full(user):
        return {"identity_level": "matched", "person": {
            "nik": person.nik, "full_name": person.full_name, "birth_date": person.birth_date.isoformat()},
            "family_card": None if membership is None else {
                "kk_number": membership.family_card.kk_masked,
                "village": membership.family_card.village.name,
                "members": [{"full_name": m.person.full_name if m.person_id == person.pk else mask_name(
                    m.person.full_name), "nik": m.person.nik if m.person_id == person.pk else m.person.nik_masked,
                    "relationship": m.relationship} for m in card_members(membership.family_card)]}}
    data: dict[str, Any] = {"identity_level": "verified", "person": {
        "nik": person.nik, "full_name": person.full_name, "sex": person.sex, "birth_place": person.birth_place,
        "birth_date": person.birth_date.isoformat(), "religion": person.religion,
        "marital_status": person.marital_status, "education": person.education, "occupation": person.occupation,
        "blood_type": person.blood_type, "citizenship": person.citizenship, "father_name": person.father_name,
        "mother_name": person.mother_name, "record_status": person.record_status,
    }, "family_card": None}
    if membership is not None:
        card = membership.family_card
        data["family_card"] = {
            "kk_number": card.kk_number,
            "address": {"street": card.street, "rt": card.rt, "rw": card.rw,
                        "village": {"code": card.village.code, "name": card.village.name},
                        "postal_code": card.postal_code},
            "current_version": card.current_version,
            "members": [{"full_name": m.person.full_name,
                         "nik": m.person.nik if m.person_id == person.pk else m.person.nik_masked,
                         "sex": m.person.sex, "birth_date": m.person.birth_date.isoformat(),
                         "relationship": m.relationship} for m in card_members(card)],
            "versions": [{"number": v.number, "printed_at": v.printed_at.isoformat(), "reason": v.reason}
                         for v in card.versions.order_by("number")],
        }
    return data


# --- What the citizen's documents print (read by the passport readiness check) ----------------

@dataclass(frozen=True)
class PrintedIdentity:
    """Name, place and date of birth as one document of the register prints them. ``reference``
    names the document for people (a KK version, an akta number); empty when ``present`` is
    False."""

    present: bool
    full_name: str = ""
    birth_place: str = ""
    birth_date: dt.date | None = None
    reference: str = ""


def printed_identities(person: Person) -> dict[str, PrintedIdentity]:
    """The person's KTP-el, family card and birth certificate as the register knows them:
    ``ktp_el`` is the register record once a KTP-el was printed (the card prints the record);
    ``kk`` is the person's row on the *last printed version* of their active family card (a card
    printed before a correction of the record still shows the old data until it is re-issued);
    ``akta_kelahiran`` is the birth register's entry (its certificate prints the record)."""
    ktp = PrintedIdentity(present=False)
    if person.ktp_issued_at is not None:
        ktp = PrintedIdentity(True, person.full_name, person.birth_place, person.birth_date,
                              person.ktp_issued_at.isoformat())
    kk = PrintedIdentity(present=False)
    membership = active_membership(person)
    if membership is not None:
        card = membership.family_card
        version = FamilyCardVersion.objects.filter(family_card=card, number=card.current_version).first()
        row = None if version is None else next(
            (m for m in version.snapshot.get("members", []) if m.get("person_id") == person.pk
             or m.get("nik") == person.nik), None)
        if version is not None and row is not None:
            kk = PrintedIdentity(True, row.get("full_name", ""), row.get("birth_place", ""),
                                 dt.date.fromisoformat(row["birth_date"]) if row.get("birth_date") else None,
                                 str(version.number))
    akta = PrintedIdentity(present=False)
    record = BirthRecord.objects.filter(child=person).first()
    if record is not None:
        akta = PrintedIdentity(True, person.full_name, person.birth_place, person.birth_date,
                               record.registration_number)
    return {"ktp_el": ktp, "kk": kk, "akta_kelahiran": akta}
