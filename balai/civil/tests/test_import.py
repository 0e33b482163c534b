"""`balai import_population`: validation, batches, resume, error report, duplicates held."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from balai.civil.importing import COLUMNS, PopulationImporter
from balai.civil.models import DuplicateReview, FamilyCard, FamilyCardVersion, ImportRun, Membership, Person

FAMILY_A = [
    ["3578080101200001", "Jl. Kenanga 1", "1", "2", "3578081001", "60281", "Kepala Keluarga", "3578081708850101",
     "Sutrisno", "L", "Surabaya", "1985-08-17", "Islam", "Kawin", "SLTA/sederajat", "Wiraswasta", "O", "WNI", "", ""],
    ["3578080101200001", "Jl. Kenanga 1", "1", "2", "3578081001", "60281", "Istri", "3578084512990101",
     "Siti Aminah", "P", "Surabaya", "1999-12-05", "Islam", "Kawin", "SLTA/sederajat", "", "A", "WNI", "", ""],
    ["3578080101200001", "Jl. Kenanga 1", "1", "2", "3578081001", "60281", "Anak", "3578080101200101",
     "Bima", "L", "Surabaya", "2020-01-01", "islam", "belum_kawin", "", "", "", "", "Sutrisno", "Siti Aminah"],
]
FAMILY_B = [
    ["3507010202210001", "Dusun Krajan", "3", "1", "3507012001", "", "Kepala Keluarga", "3507010303800101",
     "Karto", "L", "Malang", "1980-03-03", "Islam", "Kawin", "Tamat SD/sederajat", "Petani", "", "WNI", "", ""],
]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def report(path: Path) -> list[dict]:
    with path.with_suffix(".errors.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_import_valid_families(tmp_path):
    path = write(tmp_path / "p.csv", FAMILY_A + FAMILY_B)
    call_command("import_population", str(path), "--no-progress")
    assert Person.objects.count() == 4 and FamilyCard.objects.count() == 2
    card = FamilyCard.objects.get(kk_number="3578080101200001")
    assert card.head.full_name == "Sutrisno" and card.current_version == 1
    version = FamilyCardVersion.objects.get(family_card=card)
    assert [m["relationship"] for m in version.snapshot["members"]] == ["kepala", "istri", "anak"]
    assert version.snapshot["address"]["regency"] == "Kota Surabaya"
    assert Membership.objects.filter(is_active=True).count() == 4
    child = Person.objects.get(nik="3578080101200101")
    assert child.marital_status == "belum_kawin" and child.education == "tidak_sekolah"
    assert report(path) == []
    # a second run of the same file does nothing
    call_command("import_population", str(path), "--no-progress")
    assert Person.objects.count() == 4


@pytest.mark.django_db
def test_a_bad_row_rejects_its_family_card_only_with_reasons(tmp_path):
    bad = [list(r) for r in FAMILY_A]
    bad[1][11] = "1999-02-30"  # no such date
    bad[2][12] = "Animisme"
    path = write(tmp_path / "p.csv", bad + FAMILY_B)
    summary = PopulationImporter(path).run()
    assert summary.persons_imported == 1 and summary.rows_failed == 3
    assert not FamilyCard.objects.filter(kk_number="3578080101200001").exists()
    rows = report(path)
    codes = {(r["row"], r["field"], r["code"]) for r in rows}
    assert ("3", "birth_date", "invalid_date") in codes
    assert ("4", "religion", "invalid_choice") in codes
    assert ("2", "", "card_rejected") in codes
    # identity numbers are masked in the report
    assert all("*" in r["nik"] for r in rows if r["nik"])


@pytest.mark.django_db
def test_rules_one_head_known_village_unique_nik(tmp_path):
    no_head = [list(r) for r in FAMILY_A[1:]]
    unknown_village = [list(FAMILY_B[0])]
    unknown_village[0][4] = "3599999999"
    path = write(tmp_path / "p.csv", no_head + unknown_village)
    PopulationImporter(path).run()
    codes = {r["code"] for r in report(path)}
    assert {"one_head", "unknown_village"} <= codes
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_nik_already_in_register_is_reported(tmp_path):
    PopulationImporter(write(tmp_path / "a.csv", FAMILY_B)).run()
    again = [list(FAMILY_B[0])]
    again[0][0] = "3507010202210002"
    path = write(tmp_path / "b.csv", again)
    PopulationImporter(path).run()
    assert {r["code"] for r in report(path)} >= {"nik_exists"}
    assert FamilyCard.objects.count() == 1


@pytest.mark.django_db
def test_resume_after_an_interrupted_run(tmp_path, monkeypatch):
    path = write(tmp_path / "p.csv", FAMILY_A + FAMILY_B)
    importer = PopulationImporter(path, batch_size=1)
    calls = {"n": 0}
    real = importer._write

    def crash_on_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "_write", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        importer.run()
    # the first batch (family A) is committed whole, the second not at all
    assert Person.objects.count() == 3
    run = ImportRun.objects.get()
    assert run.last_row == 4 and run.finished_at is None
    summary = PopulationImporter(path, batch_size=1).run()
    assert summary.rows_skipped == 3 and summary.persons_imported == 1
    assert Person.objects.count() == 4


@pytest.mark.django_db
def test_likely_duplicates_are_held_for_an_officer(tmp_path):
    from .factories import make_person

    make_person(full_name="Bima", birth_date=__import__("datetime").date(2020, 1, 1), mother_name="Siti Aminah",
                nik="3578080101200555")
    path = write(tmp_path / "p.csv", FAMILY_A)
    summary = PopulationImporter(path).run()
    assert summary.persons_held == 1
    held = Person.objects.get(nik="3578080101200101")
    assert held.record_status == "held"
    review = DuplicateReview.objects.get(person=held)
    assert review.matches[0]["rule"] == "similar_name_birth_date_mother"
    assert review.regency_code == "3578"


@pytest.mark.django_db
def test_missing_column_is_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("nik,full_name\n1,2\n")
    with pytest.raises(ValueError):
        PopulationImporter(path).run()
