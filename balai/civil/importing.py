"""Bulk import of population data (``balai import_population FILE.csv``).

One row per person; the rows of one family card are consecutive (as SIAK exports them). The
file is read once, in batches cut at family-card boundaries. Each batch is validated as a whole
and written in one transaction together with the run's progress, so a batch is either fully in
the register or not at all, and a rerun of the same file resumes after the last committed row.
A family card with one bad row is not imported; every row of it is reported with a reason.
Likely duplicates (``dedup``) are imported *held*, each with a review for an officer.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.masking import mask_nik
from balai.core.models import Counter
from balai.core.nik import check_kk_number, parse_nik
from balai.core.text import clean_text
from balai.regions.models import Level, Region

from . import dedup
from .conf import conf
from .models import (
    BloodType,
    Citizenship,
    Education,
    FamilyCard,
    FamilyCardVersion,
    ImportRun,
    MaritalStatus,
    Membership,
    Person,
    RecordStatus,
    Relationship,
    Religion,
    VersionReason,
)
from .numbers import nik_counter_key, raise_counter
from .services import SNAPSHOT_PERSON_FIELDS, duplicate_review_open

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


@dataclass
class ImportSummary:
    run_id: int
    rows_seen: int = 0
    rows_skipped: int = 0  # committed by an earlier run of the same file
    persons_imported: int = 0
    cards_imported: int = 0
    rows_failed: int = 0
    persons_held: int = 0
    warnings: int = 0
    batches: int = 0
    already_done: bool = False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)


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


PERSON_COLUMNS = ("nik", "full_name", "sex", "birth_place", "birth_date", "religion", "marital_status", "education",
                  "occupation", "blood_type", "citizenship", "father_name", "mother_name")


def existing_values(model, column: str, values: set[str]) -> set[str]:
    """Which of ``values`` are already in ``model.column`` (one query; on PostgreSQL one array
    parameter instead of thousands of bound ones)."""
    if connection.vendor != "postgresql":
        return set(model.objects.filter(**{f"{column}__in": values}).values_list(column, flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE {column} = ANY(%s)",  # noqa: S608
                       [list(values)])
        return {row[0] for row in cursor.fetchall()}


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def insert_rows(model, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (attribute name → value) and write each new primary key into ``row["id"]``.

    On PostgreSQL the ids come from the table's sequence in one query and the rows are streamed
    with COPY: building 250,000 model instances and letting Django quote every parameter was
    most of a 100k-person import. Elsewhere: ``bulk_create``. Field defaults and auto-now
    timestamps are filled here; constraints are still enforced by the database."""
    if not rows:
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    fill: list[tuple[str, Callable[[], Any]]] = []
    for f in fields:
        if f.attname == "id":
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill.append((f.attname, lambda: now))
        elif f.has_default():
            fill.append((f.attname, f.get_default if callable(f.default) else _constant(f.get_default())))
        elif f.null:
            fill.append((f.attname, lambda: None))
    for row in rows:
        for name, default in fill:
            if name not in row:
                row[name] = default()
    if connection.vendor != "postgresql":
        objs = [model(**{k: v for k, v in row.items() if k != "id"}) for row in rows]
        model.objects.bulk_create(objs, batch_size=2000)
        for row, obj in zip(rows, objs, strict=True):
            if obj.pk is None:
                raise RuntimeError("this database does not return ids from a bulk insert")
            row["id"] = obj.pk
        return
    from psycopg.types.json import Jsonb

    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [meta.db_table, len(rows)])
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row["id"] = pk
        for name in json_fields:
            for row in rows:
                row[name] = Jsonb(row[name])
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
        for name in json_fields:
            for row in rows:
                row[name] = row[name].obj


def _reject_group(group: Group, problems: list[Problem], code: str, reason: str, *, field_name: str = "") -> None:
    bad_lines = {p.row for p in problems if p.level == "error"}
    for line, row in group.rows:
        if line not in bad_lines:
            problems.append(Problem(line, "error", group.kk_number, (row.get("nik") or "").strip(), field_name,
                                    code, reason))


class PopulationImporter:
    def __init__(self, path: Path, *, report_path: Path | None = None, batch_size: int | None = None,
                 by=None, check_duplicates: bool = True, today: dt.date | None = None,
                 on_progress: Callable[[int], None] = lambda n: None):
        self.path = Path(path)
        self.report_path = report_path or self.path.with_suffix(".errors.csv")
        self.batch_size = batch_size or conf("CIVIL_IMPORT_BATCH_SIZE")
        self.by = by
        self.check_duplicates = check_duplicates
        self.today = today or timezone.localdate()
        self.on_progress = on_progress
        self.names = dict(Region.objects.exclude(level=Level.VILLAGE).values_list("code", "name"))

    def run(self) -> ImportSummary:
        sha = file_sha256(self.path)
        run, created = ImportRun.objects.get_or_create(file_sha256=sha, defaults={"file_name": self.path.name[:300]})
        summary = ImportSummary(run_id=run.pk)
        if run.finished_at:
            summary.already_done = True
            return summary
        start_after = run.last_row
        resuming = not created and start_after > 0
        validator = _Validator(self.today)
        with self.path.open(encoding="utf-8-sig", newline="") as handle, \
                self.report_path.open("a" if resuming else "w", encoding="utf-8", newline="") as report:
            writer = csv.writer(report)
            if not resuming:
                writer.writerow(REPORT_COLUMNS)
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(_("Kolom wajib tidak ada: %(c)s") % {"c": ", ".join(sorted(missing))})
            batch: list[Group] = []
            rows_in_batch = 0
            for group in _groups(reader):
                summary.rows_seen += len(group.rows)
                if group.last_row <= start_after:
                    summary.rows_skipped += len(group.rows)
                    self.on_progress(len(group.rows))
                    continue
                batch.append(group)
                rows_in_batch += len(group.rows)
                if rows_in_batch >= self.batch_size:
                    self._flush(run, batch, validator, writer, summary)
                    batch, rows_in_batch = [], 0
            if batch:
                self._flush(run, batch, validator, writer, summary)
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        return summary

    # --- one batch -----------------------------------------------------------------------

    def _flush(self, run: ImportRun, groups: list[Group], validator: _Validator, writer, summary: ImportSummary) -> None:
        problems: list[Problem] = []
        cards = [c for c in (validator.group(g, problems) for g in groups) if c is not None]
        cards = self._against_register(cards, problems)
        try:
            with transaction.atomic():
                self._write(run, cards, groups[-1].last_row, summary)
        except IntegrityError:
            # A conflict with a concurrent writer: isolate it card by card, each committed alone.
            for card in cards:
                try:
                    with transaction.atomic():
                        self._write(run, [card], card["group"].last_row, summary)
                except IntegrityError:
                    _reject_group(card["group"], problems, "conflict",
                                  _("Bentrok dengan data yang sudah ada di register (NIK atau nomor KK)."))
            with transaction.atomic():
                ImportRun.objects.filter(pk=run.pk).update(last_row=groups[-1].last_row)
        failed_rows = {p.row for p in problems if p.level == "error"}
        summary.rows_failed += len(failed_rows)
        summary.warnings += sum(1 for p in problems if p.level == "warning")
        ImportRun.objects.filter(pk=run.pk).update(rows_failed=run.rows_failed + len(failed_rows))
        run.rows_failed += len(failed_rows)
        for problem in sorted(problems, key=lambda p: p.row):
            writer.writerow(problem.as_row())
        summary.batches += 1
        self.on_progress(sum(len(g.rows) for g in groups))

    def _against_register(self, cards: list[dict], problems: list[Problem]) -> list[dict]:
        """Drop cards whose KK number or a NIK is already in the register (or earlier in the file)."""
        kks = {c["kk_number"] for c in cards}
        niks = {p["nik"] for c in cards for _line, p in c["persons"]}
        taken_kk = existing_values(FamilyCard, "kk_number", kks)
        taken_nik = existing_values(Person, "nik", niks)
        seen_nik: set[str] = set()
        kept = []
        for card in cards:
            group = card["group"]
            if card["kk_number"] in taken_kk:
                _reject_group(group, problems, "kk_exists",
                              _("Nomor KK sudah ada di register (atau baris KK ini tidak berurutan dalam berkas)."),
                              field_name="kk_number")
                continue
            clash = [(line, p["nik"]) for line, p in card["persons"] if p["nik"] in taken_nik or p["nik"] in seen_nik]
            if clash:
                for line, nik in clash:
                    problems.append(Problem(line, "error", card["kk_number"], nik, "nik", "nik_exists",
                                            _("NIK sudah terdaftar pada KK lain.")))
                _reject_group(group, problems, "card_rejected", _("KK tidak diimpor karena baris lain bermasalah."))
                continue
            seen_nik.update(p["nik"] for _line, p in card["persons"])
            kept.append(card)
        return kept

    def _write(self, run: ImportRun, cards: list[dict], last_row: int, summary: ImportSummary) -> None:
        persons: list[dict[str, Any]] = [
            {k: data[k] for k in PERSON_COLUMNS} for card in cards for _line, data in card["persons"]]
        held = self._duplicates(persons) if self.check_duplicates else {}
        for index in held:
            persons[index]["record_status"] = RecordStatus.HELD
        insert_rows(Person, persons)
        family_cards: list[dict[str, Any]] = []
        memberships: list[dict[str, Any]] = []
        position = 0
        for card in cards:
            members = persons[position:position + len(card["persons"])]
            card["members"] = members
            position += len(members)
            a = card["address"]
            family_cards.append({"kk_number": card["kk_number"], "street": a["street"], "rt": a["rt"], "rw": a["rw"],
                                 "village_id": a["village_code"], "postal_code": a["postal_code"],
                                 "head_id": members[0]["id"], "current_version": 1})
        insert_rows(FamilyCard, family_cards)
        versions: list[dict[str, Any]] = []
        by_id = getattr(self.by, "pk", None)
        for card, fc in zip(cards, family_cards, strict=True):
            rows = []
            for order, (person, (_line, data)) in enumerate(zip(card["members"], card["persons"], strict=True), 1):
                memberships.append({"family_card_id": fc["id"], "person_id": person["id"],
                                    "relationship": data["relationship"], "from_version": 1, "order": order})
                row = {name: person[name] for name in SNAPSHOT_PERSON_FIELDS}
                row["birth_date"] = person["birth_date"].isoformat()
                row["relationship"], row["person_id"] = data["relationship"], person["id"]
                rows.append(row)
            v = fc["village_id"]
            versions.append({
                "family_card_id": fc["id"], "number": 1, "printed_at": self.today, "reason": VersionReason.IMPORT,
                "note": run.file_name[:300], "created_by_id": by_id,
                "snapshot": {"kk_number": fc["kk_number"], "head_name": card["members"][0]["full_name"],
                             "address": {**card["address"], "province": self.names.get(v[:2], ""),
                                         "regency": self.names.get(v[:4], ""),
                                         "district": self.names.get(v[:6], ""), "village": self._village_name(v)},
                             "members": rows}})
        insert_rows(Membership, memberships)
        insert_rows(FamilyCardVersion, versions)
        for index, found in held.items():
            matches = [dedup.Match(persons[ref]["id"] if in_file else ref, rule, score)
                       for in_file, ref, rule, score in found]
            regency = next(c["address"]["village_code"][:4] for c in cards
                           if any(m is persons[index] for m in c["members"]))
            duplicate_review_open(person=Person.objects.get(pk=persons[index]["id"]), matches=matches, source="import",
                                  source_ref=f"import:{run.pk}", regency_code=regency, by=self.by)
        self._raise_counters(persons)
        run.last_row = last_row
        run.persons_imported += len(persons)
        run.cards_imported += len(family_cards)
        run.persons_held += len(held)
        run.save(update_fields=["last_row", "persons_imported", "cards_imported", "persons_held"])
        audit.record(action="civil.import.batch", actor=self.by, object_type="import_run", object_id=run.pk,
                     data={"persons": len(persons), "cards": len(family_cards), "held": len(held),
                           "last_row": last_row})
        summary.persons_imported += len(persons)
        summary.cards_imported += len(family_cards)
        summary.persons_held += len(held)

    _village_names: dict[str, str] | None = None

    def _village_name(self, code: str) -> str:
        if self._village_names is None:
            self._village_names = dict(Region.objects.filter(level=Level.VILLAGE).values_list("code", "name"))
        return self._village_names.get(code, "")

    def _duplicates(self, persons: list[dict[str, Any]]) -> dict[int, list[tuple[bool, int, str, float]]]:
        """Likely duplicates of the register and of earlier rows of this batch (one query).
        Values: (in_file, person id or batch index, rule, score)."""
        existing = dedup.candidates_born_on(p["birth_date"] for p in persons)
        earlier: dict[dt.date, list[dedup.Candidate]] = defaultdict(list)
        held: dict[int, list[tuple[bool, int, str, float]]] = {}
        for index, person in enumerate(persons):
            born = person["birth_date"]
            new = dedup.Candidate(person["full_name"], born, person["sex"], person["mother_name"])
            found = [(False, m.person_id, m.rule, m.score) for m in dedup.find_matches(new, existing.get(born, []))]
            # Earlier rows carry their batch index + 1 as a stand-in id until they are inserted.
            found += [(True, m.person_id - 1, m.rule, m.score)
                      for m in dedup.find_matches(new, earlier[born])]
            if found:
                held[index] = found
            earlier[born].append(dedup.Candidate(person["full_name"], born, person["sex"], person["mother_name"], "",
                                                 index + 1))
        return held

    def _raise_counters(self, persons: list[dict[str, Any]]) -> None:
        """Counters already in use must stay above serials this import wrote itself."""
        top: dict[str, int] = {}
        for p in persons:
            key = nik_counter_key(p["nik"][:12])
            top[key] = max(top.get(key, 0), int(p["nik"][12:]))
        for key in Counter.objects.filter(key__in=list(top)).values_list("key", flat=True):
            raise_counter(key, top[key])
