"""ASN profiles: NIP checks, the CSV import (per-row errors, resumable), the local register."""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command

from balai.asn import nip as nip_rules
from balai.asn.authority import LocalRegister, authority
from balai.asn.importing import COLUMNS, import_profiles
from balai.asn.models import AsnProfile, ImportRun
from balai.asn.services import profile_save
from balai.core.errors import DomainError

pytestmark = pytest.mark.django_db

GOOD = {"nip": "19680312 199003 1 002", "kind": "pns", "position_type": "administrative", "functional_level": "",
        "position_name": "Pengadministrasi Kependudukan", "rank": "III/b", "rank_tmt": "2022-04-01",
        "birth_date": "1968-03-12", "education": "s1", "skp_last": "baik", "skp_previous": "baik"}


def test_wrong_length_is_a_field_error(make_staff):
    with pytest.raises(DomainError) as caught:
        profile_save(user=make_staff(), data={**GOOD, "nip": "1968031219900310"})
    assert caught.value.status_code == 422
    assert "nip" in caught.value.fields


def test_wrong_layout_is_only_a_warning(make_staff):
    saved = profile_save(user=make_staff(), data={**GOOD, "nip": "196813329990039007"})
    assert saved.profile.nip == "196813329990039007"
    assert len(saved.warnings) >= 2
    assert saved.profile.nip_warnings == saved.warnings


def test_a_good_pns_nip_has_no_warning_and_pppk_is_not_checked():
    assert nip_rules.layout_warnings("196803121990031002", birth_date=None) == []
    assert nip_rules.layout_warnings("196803121990031002", kind="pns", birth_date=None) == []
    assert nip_rules.layout_warnings("999999999999999999", kind="pppk") == []
    assert nip_rules.layout_warnings("999999999999999999", kind="pns")


def test_birth_date_differing_from_the_nip_warns(make_staff):
    saved = profile_save(user=make_staff(), data={**GOOD, "birth_date": "1968-03-13"})
    assert any("berbeda" in w for w in saved.warnings)


def test_functional_post_needs_its_level(make_staff):
    with pytest.raises(DomainError) as caught:
        profile_save(user=make_staff(), data={**GOOD, "position_type": "functional"})
    assert "functional_level" in caught.value.fields


def test_a_citizen_has_no_asn_profile(make_citizen):
    with pytest.raises(DomainError):
        profile_save(user=make_citizen(), data=GOOD)


def test_the_local_register_is_the_authority(make_staff):
    user = make_staff(unit="BKD Provinsi Jawa Timur")
    profile_save(user=user, data=GOOD)
    assert isinstance(authority(), LocalRegister)
    record = authority().lookup("196803121990031002")
    assert record is not None and record.unit == "BKD Provinsi Jawa Timur" and record.rank == "III/b"
    assert authority().lookup("000000000000000000") is None


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def _row(username, nip, **extra):
    row = {"username": username, "nip": nip, "jenis": "pns", "jenis_jabatan": "administrative", "jenjang": "",
           "nama_jabatan": "Pelaksana", "pangkat": "II/c", "tmt_pangkat": "2021-10-01",
           "tanggal_lahir": nip[:4] + "-" + nip[4:6] + "-" + nip[6:8], "pendidikan": "sma",
           "skp_tahun_lalu": "baik", "skp_dua_tahun_lalu": "sangat_baik"}
    row.update(extra)
    return row


def test_csv_import_reports_rows_and_resumes(make_staff, tmp_path):
    users = [make_staff() for _ in range(3)]
    path = tmp_path / "asn.csv"
    _write(path, [_row(users[0].username, "197001012000031001"), _row("nobody", "197001012000031002"),
                  _row(users[1].username, "1970"), _row(users[2].username, "198502142010012003")])
    calls = []
    summary = import_profiles(path, on_progress=calls.append)
    assert (summary.imported, summary.failed) == (2, 2)
    assert len(calls) == 4
    run = ImportRun.objects.get()
    assert [e["row"] for e in run.errors] == [2, 3]
    assert "nip" in run.errors[1]["error"]
    assert set(AsnProfile.objects.values_list("nip", flat=True)) == {"197001012000031001", "198502142010012003"}
    again = import_profiles(path)
    assert again.already_done


def test_an_interrupted_import_continues_after_its_last_row(make_staff, tmp_path):
    users = [make_staff() for _ in range(2)]
    path = tmp_path / "asn.csv"
    _write(path, [_row(users[0].username, "197001012000031001"), _row(users[1].username, "197101012000031001")])
    from balai.asn.importing import file_sha256

    ImportRun.objects.create(file_sha256=file_sha256(path), file_name="asn.csv", rows_done=1, imported=1)
    summary = import_profiles(path)
    assert (summary.imported, summary.skipped) == (1, 1)
    assert list(AsnProfile.objects.values_list("nip", flat=True)) == ["197101012000031001"]


def test_the_command_prints_a_summary(make_staff, tmp_path, capsys):
    user = make_staff()
    path = tmp_path / "asn.csv"
    _write(path, [_row(user.username, "197001012000031001")])
    call_command("import_asn", str(path), "--no-progress")
    assert "1 profiles imported" in capsys.readouterr().out
