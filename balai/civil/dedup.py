"""Deduplication of new persons and births against the register, with rules as configuration
(``CIVIL_DEDUP_RULES``). Every rule compares the date of birth, which is the blocking key: only
persons born on the same day are ever compared, so a check is one indexed query.

A match does not reject anything: the new record waits in a ``DuplicateReview`` for an
officer's decision (duplicate / not a duplicate), recorded as actions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from django.db import connection

from .conf import conf
from .models import Person, RecordStatus

_NON_LETTERS = re.compile(r"[^A-Z ]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Upper case, accents and punctuation removed, spaces collapsed: ``Siti  Aminah,`` → ``SITI AMINAH``."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return _SPACES.sub(" ", _NON_LETTERS.sub(" ", ascii_name.upper())).strip()


def name_similarity(a: str, b: str) -> float:
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb).ratio()


@dataclass(frozen=True)
class Candidate:
    """The facts a rule compares, for a new record or an existing person."""

    full_name: str
    birth_date: dt.date
    sex: str = ""
    mother_name: str = ""
    mother_key: str = ""  # mother's person id or NIK: the "same mother" identity
    person_id: int | None = None

    @classmethod
    def of(cls, person: Person) -> Candidate:
        mother_key = str(person.mother_id) if person.mother_id else ""
        return cls(person.full_name, person.birth_date, person.sex, person.mother_name, mother_key, person.pk)


@dataclass(frozen=True)
class Match:
    person_id: int
    rule: str
    score: float


def rule_matches(rule: dict, new: Candidate, old: Candidate) -> float | None:
    """The similarity score when ``rule`` says ``new`` and ``old`` are likely the same birth."""
    if new.birth_date != old.birth_date:
        return None
    if rule.get("same_sex") and new.sex and old.sex and new.sex != old.sex:
        return None
    mother = rule.get("mother")
    if mother == "link":
        if not new.mother_key or new.mother_key != old.mother_key:
            return None
    elif mother == "name":
        mn, mo = normalise_name(new.mother_name), normalise_name(old.mother_name)
        if not mn or mn != mo:
            return None
    score = name_similarity(new.full_name, old.full_name)
    threshold = rule.get("name_similarity")
    if threshold is not None and score < threshold:
        return None
    return score


def find_matches(new: Candidate, existing: Iterable[Candidate], *, rules: list[dict] | None = None) -> list[Match]:
    rules = conf("CIVIL_DEDUP_RULES") if rules is None else rules
    found: dict[int, Match] = {}
    for old in existing:
        if old.person_id is None or old.person_id == new.person_id:
            continue
        for rule in rules:
            score = rule_matches(rule, new, old)
            if score is not None and old.person_id not in found:
                found[old.person_id] = Match(old.person_id, rule["code"], round(score, 3))
    return list(found.values())


def candidates_born_on(dates: Iterable[dt.date]) -> dict[dt.date, list[Candidate]]:
    """Existing, not-rejected persons born on any of ``dates``, grouped by date (one query)."""
    grouped: dict[dt.date, list[Candidate]] = {}
    wanted = list(set(dates))
    rows: Iterable[tuple]
    if connection.vendor == "postgresql":  # one array parameter instead of thousands
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, full_name, birth_date, sex, mother_name, mother_id FROM civil_person "
                           "WHERE birth_date = ANY(%s) AND record_status <> %s", [wanted, RecordStatus.DUPLICATE])
            rows = cursor.fetchall()
    else:
        rows = (Person.objects.filter(birth_date__in=wanted).exclude(record_status=RecordStatus.DUPLICATE)
                .values_list("pk", "full_name", "birth_date", "sex", "mother_name", "mother_id"))
    for pk, name, born, sex, mother_name, mother_id in rows:
        grouped.setdefault(born, []).append(
            Candidate(name, born, sex, mother_name, str(mother_id) if mother_id else "", pk))
    return grouped


def check_person(new: Candidate, *, rules: list[dict] | None = None) -> list[Match]:
    return find_matches(new, candidates_born_on([new.birth_date]).get(new.birth_date, []), rules=rules)


def fingerprint(new: Candidate) -> str:
    """Stable key of the facts checked, so a decision about them is found again on a retry."""
    raw = "|".join([normalise_name(new.full_name), new.birth_date.isoformat(), new.sex,
                    normalise_name(new.mother_name), new.mother_key])
    return hashlib.sha256(raw.encode()).hexdigest()
