"""Reading and checking a population file (``importing``): the columns, accepted values, the
rows grouped by family card, and the checks of a person row and of a whole family card. A card
with one bad row is rejected whole; every row of it is reported with a reason (``Problem``)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.core.masking import mask_nik
from balai.core.nik import check_kk_number, parse_nik
from balai.core.text import clean_text
from balai.regions.models import Level, Region

from . import dedup
from .models import BloodType, Citizenship, Education, MaritalStatus, Relationship, Religion

COLUMNS = ["kk_number", "street", "rt", "rw", "village_code", "postal_code", "relationship", "nik", "full_name",
           "sex", "birth_place", "birth_date", "religion", "marital_status", "education", "occupation",
           "blood_type", "citizenship", "father_name", "mother_name"]
REQUIRED = {"kk_number", "street", "rt", "rw", "village_code", "relationship", "nik", "full_name", "sex",
            "birth_place", "birth_date", "religion"}
REPORT_COLUMNS = ["row", "level", "kk_number", "nik", "field", "code", "reason"]


def _choice_map(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accept a code or a label, any case: ``kawin``, ``Kawin``, ``KAWIN``."""
    out: dict[str, str] = {}
    for value, label in choices:
        out[str(value).lower()] = value
        out[str(label).lower()] = value
        out[dedup.normalise_name(str(label)).lower()] = value
    out.update(extra or {})
    return out


CHOICES = {
    "sex": _choice_map([("M", "Laki-laki"), ("F", "Perempuan")], {"l": "M", "p": "F", "lk": "M", "pr": "F"}),
    "religion": _choice_map(Religion.choices, {"konghucu": "khonghucu", "kristen protestan": "kristen"}),
    "marital_status": _choice_map(MaritalStatus.choices),
    "education": _choice_map(Education.choices),
    "blood_type": _choice_map([c for c in BloodType.choices if c[0]], {"": "", "-": "", "tidak tahu": ""}),
    "citizenship": _choice_map(Citizenship.choices),
    "relationship": _choice_map(Relationship.choices),
}
DEFAULTS = {"marital_status": MaritalStatus.SINGLE, "education": Education.NONE, "citizenship": Citizenship.WNI,
            "blood_type": ""}


@dataclass
class Problem:
    row: int
    level: str
    kk_number: str
    nik: str
    field: str
    code: str
    reason: str

    def as_row(self) -> list[str]:
        return [str(self.row), self.level, mask_nik(self.kk_number), mask_nik(self.nik), self.field, self.code,
                self.reason]


@dataclass
class Group:
    """The rows of one family card."""

    kk_number: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    @property
    def last_row(self) -> int:
        return self.rows[-1][0]


def _groups(reader: csv.DictReader) -> Iterator[Group]:
    current: Group | None = None
    for index, row in enumerate(reader, start=2):  # line 1 is the header
        kk = (row.get("kk_number") or "").strip()
        if current is None or kk != current.kk_number:
            if current is not None:
                yield current
            current = Group(kk)
        current.rows.append((index, row))
    if current is not None:
        yield current


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


class _Validator:
    def __init__(self, today: dt.date):
        self.today = today
        self.villages = set(Region.objects.filter(level=Level.VILLAGE).values_list("code", flat=True))

    def person(self, line: int, row: dict[str, str], problems: list[Problem]) -> dict[str, Any] | None:
        kk, nik = (row.get("kk_number") or "").strip(), (row.get("nik") or "").strip()

        def bad(field_name: str, code: str, reason: str, level: str = "error") -> None:
            problems.append(Problem(line, level, kk, nik, field_name, code, str(reason)))

        before = len(problems)
        for name in REQUIRED:
            if not (row.get(name) or "").strip():
                bad(name, "required", _("Wajib diisi."))
        if len(problems) > before:
            return None
        parsed = parse_nik(nik, today=self.today)
        for issue in parsed.errors:
            bad("nik", issue.code, issue.message)
        data: dict[str, Any] = {"nik": nik}
        for name, choices in CHOICES.items():
            raw = (row.get(name) or "").strip()
            if not raw and name in DEFAULTS:
                data[name] = DEFAULTS[name]
                continue
            value = choices.get(raw.lower())
            if value is None:
                value = choices.get(dedup.normalise_name(raw).lower())
            if value is None:
                bad(name, "invalid_choice", _("Nilai '%(v)s' tidak dikenal.") % {"v": raw[:40]})
            data[name] = value
        born = _parse_date(row["birth_date"])
        if born is None:
            bad("birth_date", "invalid_date", _("Tanggal lahir tidak valid (format YYYY-MM-DD)."))
        elif born > self.today:
            bad("birth_date", "future_date", _("Tanggal lahir di masa depan."))
        data["birth_date"] = born
        for name, limit in (("full_name", 150), ("birth_place", 100), ("occupation", 100), ("father_name", 150),
                            ("mother_name", 150)):
            value = " ".join((row.get(name) or "").split())
            try:  # balai.core.text: NFC, no control characters, the column's length
                value = clean_text(value, max_length=limit)
            except ValidationError as exc:
                bad(name, exc.code or "invalid", exc.messages[0])
            data[name] = value
        if len(problems) > before:
            return None
        assert born is not None  # a missing or bad date was a problem above, and the row returned
        # The register's date of birth and sex win; the NIK's are only checked (REFERENCE §1.1).
        if parsed.birth_date and (parsed.birth_date.day, parsed.birth_date.month) != (born.day, born.month):
            bad("nik", "nik_date_mismatch", _("Tanggal lahir pada NIK berbeda dengan data; data yang dipakai."),
                level="warning")
        if parsed.sex and parsed.sex != data["sex"]:
            bad("nik", "nik_sex_mismatch", _("Jenis kelamin pada NIK berbeda dengan data; data yang dipakai."),
                level="warning")
        return data

    def group(self, group: Group, problems: list[Problem]) -> dict[str, Any] | None:
        """A family card and its persons, or None when any row is bad (all rows are reported)."""
        local: list[Problem] = []
        kk = group.kk_number
        first_line, first = group.rows[0]
        address = self._card_address(group, local)
        persons = []
        for line, row in group.rows:
            if any((row.get(k) or "").strip() != (first.get(k) or "").strip()
                   for k in ("street", "rt", "rw", "village_code")):
                local.append(Problem(line, "error", kk, row.get("nik", ""), "street", "address_differs",
                                     _("Alamat berbeda dengan baris pertama KK ini.")))
            person = self.person(line, row, local)
            if person is not None:
                persons.append((line, person))
        heads = [p for _line, p in persons if p["relationship"] == Relationship.HEAD]
        if len(heads) != 1 and not any(p.level == "error" for p in local):
            local.append(Problem(first_line, "error", kk, "", "relationship", "one_head",
                                 _("Satu KK harus mempunyai tepat satu Kepala Keluarga (ada %(n)s).")
                                 % {"n": len(heads)}))
        seen: set[str] = set()
        for line, person in persons:
            if person["nik"] in seen:
                local.append(Problem(line, "error", kk, person["nik"], "nik", "duplicate_in_file",
                                     _("NIK muncul dua kali dalam KK ini.")))
            seen.add(person["nik"])
        if any(p.level == "error" for p in local):
            _reject_group(group, local, "card_rejected", _("KK tidak diimpor karena baris lain bermasalah."))
            problems.extend(local)
            return None
        problems.extend(local)
        # Head first, then file order, as printed on a KK.
        persons.sort(key=lambda item: (item[1]["relationship"] != Relationship.HEAD, item[0]))
        return {"kk_number": kk, "address": address, "persons": persons, "group": group}

    def _card_address(self, group: Group, local: list[Problem]) -> dict[str, str]:
        """The card's number and address, read from its first row and checked (problems go to ``local``)."""
        kk = group.kk_number
        first_line, first = group.rows[0]
        for issue in check_kk_number(kk):
            local.append(Problem(first_line, "error", kk, "", "kk_number", issue.code, issue.message))
        village = (first.get("village_code") or "").strip()
        if village not in self.villages:
            local.append(Problem(first_line, "error", kk, "", "village_code", "unknown_village",
                                 _("Kode desa/kelurahan tidak dikenal.")))
        rt, rw = (first.get("rt") or "").strip(), (first.get("rw") or "").strip()
        for name, value in (("rt", rt), ("rw", rw)):
            if not (value.isdigit() and 1 <= len(value) <= 3):
                local.append(Problem(first_line, "error", kk, "", name, "invalid", _("Harus angka 1–999.")))
        address = {"street": " ".join((first.get("street") or "").split()), "rt": rt.zfill(3),
                   "rw": rw.zfill(3), "village_code": village, "postal_code": (first.get("postal_code") or "").strip()}
        for name, limit in (("street", 200), ("postal_code", 5)):
            try:  # balai.core.text, like every free text at a boundary
                address[name] = clean_text(address[name], max_length=limit)
            except ValidationError as exc:
                local.append(Problem(first_line, "error", kk, "", name, exc.code or "invalid", exc.messages[0]))
        return address


def _reject_group(group: Group, problems: list[Problem], code: str, reason: str, *, field_name: str = "") -> None:
    bad_lines = {p.row for p in problems if p.level == "error"}
    for line, row in group.rows:
        if line not in bad_lines:
            problems.append(Problem(line, "error", group.kk_number, (row.get("nik") or "").strip(), field_name,
                                    code, reason))


PERSON_COLUMNS = ("nik", "full_name", "sex", "birth_place", "birth_date", "religion", "marital_status", "education",
                  "occupation", "blood_type", "citizenship", "father_name", "mother_name")
