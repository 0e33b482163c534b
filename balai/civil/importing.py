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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.models import Counter
from balai.regions.models import Level, Region

from . import dedup
from .bulk_rows import existing_values, insert_rows
from .conf import conf
from .import_checks import (
    CHOICES,
    COLUMNS,
    DEFAULTS,
    PERSON_COLUMNS,
    REPORT_COLUMNS,
    REQUIRED,
    Group,
    Problem,
    _groups,
    _parse_date,
    _reject_group,
    _Validator,
)
from .models import FamilyCard, FamilyCardVersion, ImportRun, Membership, Person, RecordStatus, VersionReason
from .numbers import nik_counter_key, raise_counter
from .services import SNAPSHOT_PERSON_FIELDS, duplicate_review_open

__all__ = [
    "CHOICES", "COLUMNS", "DEFAULTS", "PERSON_COLUMNS", "REPORT_COLUMNS", "REQUIRED", "Group", "ImportSummary",
    "PopulationImporter", "Problem", "_groups", "_parse_date", "count_rows", "existing_values", "file_sha256",
    "insert_rows",
]


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
        memberships: list[dict[str, Any]] = []  # filled with the versions (_first_versions)
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
        versions = self._first_versions(run, cards, family_cards, memberships)
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

    def _first_versions(self, run: ImportRun, cards: list[dict], family_cards: list[dict[str, Any]],
                        memberships: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Version 1 of each new card (its printed snapshot), adding each member's membership row to
        ``memberships``."""
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
        return versions

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
