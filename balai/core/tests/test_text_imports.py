"""CSV imports put their free text through balai.core.text: a control character is reported at its
row and column and never stored; decomposed text is stored composed (NFC)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from balai.civil.importing import COLUMNS, PopulationImporter
from balai.civil.models import FamilyCard, Person
from balai.partners.services.closing import parse_statement
from balai.partners.services.common import PartnerError
from balai.payments.reconciliation import SettlementFileError, _parse_settlement

HEAD = ["3578080101200001", "Jl. Kenanga 1", "1", "2", "3578081001", "60281", "Kepala Keluarga", "3578081708850101",
        "Sutrisno", "L", "Surabaya", "1985-08-17", "Islam", "Kawin", "SLTA/sederajat", "Wiraswasta", "O", "WNI", "", ""]
WIFE = ["3578080101200001", "Jl. Kenanga 1", "1", "2", "3578081001", "60281", "Istri", "3578084512990101",
        "Siti Aminah", "P", "Surabaya", "1999-12-05", "Islam", "Kawin", "SLTA/sederajat", "", "A", "WNI", "", ""]
OTHER = ["3507010202210001", "Dusun Krajan", "3", "1", "3507012001", "", "Kepala Keluarga", "3507010303800101",
         "Karto", "L", "Malang", "1980-03-03", "Islam", "Kawin", "Tamat SD/sederajat", "Petani", "", "WNI", "", ""]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def _report(path: Path) -> list[dict]:
    with path.with_suffix(".errors.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
@pytest.mark.parametrize(("column", "value"), [("full_name", "Siti\x1bAminah"), ("occupation", "Guru\x00"),
                                               ("mother_name", "Ibu\x7f"), ("street", "Jl.\x00Kenanga 1")])
def test_population_import_reports_control_characters(tmp_path, column, value):
    wife = list(WIFE)
    wife[COLUMNS.index(column)] = value
    if column == "street":
        head = list(HEAD)
        head[COLUMNS.index(column)] = value
        rows = [head, wife, OTHER]
    else:
        rows = [HEAD, wife, OTHER]
    path = _write(tmp_path / "p.csv", rows)
    PopulationImporter(path).run()
    assert list(Person.objects.values_list("nik", flat=True)) == ["3507010303800101"]  # the clean card only
    problems = [p for p in _report(path) if p["code"] == "invalid_character"]
    assert problems and problems[0]["field"] == column and "U+00" in problems[0]["reason"]


@pytest.mark.django_db
def test_population_import_stores_names_in_nfc(tmp_path):
    head = list(HEAD)
    head[COLUMNS.index("full_name")] = "Nguye\u0302\u0303n"
    head[COLUMNS.index("street")] = "Jl. Ke\u0301nanga 1"
    wife = list(WIFE)
    wife[COLUMNS.index("street")] = "Jl. Ke\u0301nanga 1"
    PopulationImporter(_write(tmp_path / "p.csv", [head, wife])).run()
    assert Person.objects.get(nik="3578081708850101").full_name == "Nguy\u1ec5n"
    assert FamilyCard.objects.get().street == "Jl. K\u00e9nanga 1"


def test_partner_statement_refuses_a_control_character_in_a_reference():
    good = "tanggal,referensi,jumlah\n2025-01-02,TRF001,150000\n"
    assert parse_statement(good.encode())[0].reference == "TRF001"
    with pytest.raises(PartnerError) as caught:
        parse_statement((good + "2025-01-02,TRF\x00002,150000\n").encode())
    assert "3" in str(caught.value)  # the line number


def test_settlement_file_refuses_a_control_character_in_a_reference():
    good = "date,reference,amount\n2025-01-02,REF-1,150000\n"
    assert _parse_settlement(good.encode())[0][2] == "REF-1"
    with pytest.raises(SettlementFileError) as caught:
        _parse_settlement((good + "2025-01-02,REF\x1b-2,150000\n").encode())
    assert "Baris 3" in str(caught.value) and "U+001B" in str(caught.value)
    assert _parse_settlement("date,reference,amount\n2025-01-02,RE\u0301F,1\n".encode())[0][2] == "R\u00c9F"
