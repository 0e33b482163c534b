"""The population register as accounts' ``RegisterSource`` (registered in ``CivilConfig.ready()``):
matching an account's NIK with name, date of birth and KK number, and the address an activation
letter goes to. Answers are yes/no: which field differs is never told."""

from __future__ import annotations

import datetime as dt
import hmac
import unicodedata

from balai.accounts.identity import LetterAddress

from .dedup import normalise_name
from .models import Membership, Person, RecordStatus


def same_name(typed: str, registered: str) -> bool:
    """Names compared as the register's deduplication does (case, accents, punctuation and
    spacing ignored); names in a script with no Latin letters are compared case-folded in NFC."""
    a, b = normalise_name(typed), normalise_name(registered)
    if a and b:
        return a == b
    def fold(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())
    return bool(fold(typed)) and fold(typed) == fold(registered)


def _active_person(nik: str) -> Person | None:
    return Person.objects.filter(nik=nik, record_status=RecordStatus.ACTIVE).first()


def _membership(person: Person) -> Membership | None:
    return (Membership.objects.filter(person=person, is_active=True)
            .select_related("family_card", "family_card__village", "family_card__village__parent",
                            "family_card__village__parent__parent").first())


class PopulationRegister:
    def matches(self, *, nik: str, full_name: str, birth_date: dt.date, kk_number: str | None) -> bool:
        person = _active_person(nik)
        # Every check runs and the results are combined at the end: no early answer per field.
        name_ok = person is not None and same_name(full_name, person.full_name)
        birth_ok = person is not None and person.birth_date == birth_date
        if kk_number is None:
            return name_ok and birth_ok
        membership = _membership(person) if person is not None else None
        expected = membership.family_card.kk_number if membership else "\0" * 16
        kk_ok = hmac.compare_digest(expected.encode(), (kk_number or "").encode())
        return name_ok and birth_ok and kk_ok and membership is not None

    def letter_address(self, nik: str) -> LetterAddress | None:
        person = _active_person(nik)
        membership = _membership(person) if person is not None else None
        if person is None or membership is None:
            return None
        card = membership.family_card
        village = card.village
        district = village.parent
        regency = district.parent if district else None
        kind = "Kel." if getattr(village, "kind", "") == "kelurahan" else "Desa"
        regency_name = regency.name.title() if regency else ""
        lines = (f"{card.street}, RT {card.rt}/RW {card.rw}",
                 f"{kind} {village.name.title()}",
                 f"Kec. {district.name.title()}" if district else "",
                 f"{regency_name} {card.postal_code}".strip())
        return LetterAddress(full_name=person.full_name, lines=tuple(line for line in lines if line),
                             regency_code=card.regency_code,
                             public_hint=f"{kind} {village.name.title()}, {regency_name}")
