"""Browser journey (b) of issue 16: a citizen's passport readiness check finds that her KK prints
a name different from her birth certificate → she follows the check's link to the KK data change,
corrects her name with the certificate as supporting document → an officer of her regency verifies
and approves on the desk → her readiness check is green. Runs at 360 and at 1280 px; axe and the
layout check on every page; screenshots in var/screenshots/mobility-name-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from balai.cases.demo import demo_pdf, demo_png
from balai.cases.models import Application, State
from balai.civil.models import FamilyCard, Person
from balai.civil.tests.factories import make_family
from balai.civil.tests.test_handlers import _media, run_case  # noqa: F401  (_media: uploads into a temporary folder)
from balai.conftest import totp_code
from balai.mobility import readiness, services
from balai.mobility.models import CertificateKind

from .factories import ensure_rules, mismatched_family


def audit(axe, page, name, seen):
    violations = axe(page, f"mobility-name-{len(seen) + 1:02d}-{name}")
    seen.append(name)
    assert violations == [], f"{name}: {violations}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_fixes_a_name_mismatch_through_the_kk_data_change(new_page, axe, make_citizen, make_staff,
                                                                 signing, tmp_path):
    seen: list[str] = []
    ensure_rules()
    # the KK prints "Siti Aminah"; her record, KTP-el and birth certificate say "Siti Aminatun"
    card, _head, wife = mismatched_family()
    citizen = make_citizen(username="siti", nik=wife.nik, full_name=wife.full_name, identity="verified")
    services.certificate_save(owner=citizen, kind=CertificateKind.BIRTH, number="3578-LU-05121999-0042",
                              full_name="Siti Aminatun", birth_place="Surabaya", birth_date=wife.birth_date)
    officer = make_staff(username="rina", jurisdiction=("3578",), unit="Dispendukcapil Kota Surabaya")
    akta, ktp = tmp_path / "akta-kelahiran.pdf", tmp_path / "ktp-el.png"
    akta.write_bytes(demo_pdf("Kutipan akta kelahiran: Siti Aminatun"))
    ktp.write_bytes(demo_png())

    # --- the citizen sees the mismatch in her passport readiness check
    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(citizen.username)
    page.get_by_label("Kata sandi").fill(citizen.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: not url.endswith("/masuk/"))
    page.goto("/sim-paspor/")
    page.get_by_role("link", name="Periksa kesiapan dokumen paspor").click()
    page.wait_for_url("**/sim-paspor/paspor/kesiapan/")
    expect(page.locator("#passport-not-ready")).to_be_visible()
    problem = page.locator("[data-check=kk_full_name]")
    expect(problem).to_have_class(re.compile("check-bad"))
    expect(problem).to_contain_text("Nama di Kartu Keluarga berbeda dengan akta kelahiran")
    expect(problem).to_contain_text("pilih “Nama”")
    assert page.locator("#passport-checks .check-bad").count() == 1
    documents = page.locator("#passport-documents")
    expect(documents).to_contain_text("Siti Aminah")
    expect(documents).to_contain_text("Siti Aminatun")
    audit(axe, page, "readiness-mismatch", seen)

    # --- follows the check's link to the KK data change and applies
    problem.get_by_role("link", name="Ajukan perubahan data KK di Balai").click()
    page.wait_for_url("**/layanan/kk-perubahan-data/")
    audit(axe, page, "service-standard", seen)
    page.get_by_role("button", name="Ajukan permohonan").click()
    page.wait_for_url("**/isi/")
    number = re.search(r"/permohonan/(\d{10})/", page.url).group(1)
    page.get_by_label("NIK anggota keluarga yang datanya berubah").fill(wife.nik)
    page.get_by_label("Data yang berubah").select_option("nama")
    page.get_by_label(re.compile(r"^Data baru")).fill("Siti Aminatun 2")  # a typo first: a field error
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url("**/isi/")
    expect(page.locator("#id_d-nilai_baru_error")).to_contain_text("Nama hanya boleh berisi huruf")
    audit(axe, page, "apply-data-error", seen)
    page.get_by_label(re.compile(r"^Data baru")).fill("Siti Aminatun")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url("**/dokumen/")
    for requirement, path in (("dokumen-pendukung", akta), ("ktp-el", ktp)):
        form = page.locator(f"#req-{requirement} form")
        form.locator("input[type=file]").set_input_files(str(path))
        form.get_by_role("button", name="Unggah").click()
        page.wait_for_load_state()
    expect(page.get_by_text("akta-kelahiran.pdf")).to_be_visible()
    audit(axe, page, "apply-uploads", seen)
    page.get_by_role("link", name="Lanjut: periksa dan kirim").click()
    expect(page.locator("main")).to_contain_text("Nama (sesuai akta)")
    audit(axe, page, "apply-review", seen)
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url("**/tanda-terima/")
    app = Application.objects.get(tracking_number=number)
    assert app.state == State.SUBMITTED and app.office.name == "Dispendukcapil Kota Surabaya"

    # --- while the case is open the check names it and stays red
    page.goto("/sim-paspor/paspor/kesiapan/")
    expect(problem).to_contain_text("Permohonan sedang diproses")
    expect(problem.get_by_role("link", name=number)).to_be_visible()
    expect(problem).not_to_contain_text("pilih “Nama”")  # how to apply is said until she has applied
    audit(axe, page, "readiness-pending", seen)

    # --- the officer of Kota Surabaya verifies the certificate and approves (password + TOTP)
    desk = new_page()
    desk.goto("/masuk/")
    desk.get_by_label("Nama pengguna").fill(officer.username)
    desk.get_by_label("Kata sandi").fill(officer.raw_password)
    desk.get_by_role("button", name="Masuk").click()
    desk.wait_for_url("**/masuk/verifikasi/")
    desk.get_by_label(re.compile("Kode")).fill(totp_code(officer))
    desk.get_by_role("button", name="Verifikasi").click()
    desk.wait_for_url("**/petugas/antrean/")
    desk.get_by_role("link", name=re.compile(number[:4])).click()
    desk.get_by_role("button", name="Klaim").click()
    expect(desk.locator("main")).to_contain_text("Siti Aminatun")
    audit(axe, desk, "desk-claimed", seen)
    for radio in desk.get_by_label("Sesuai", exact=True).all():
        radio.check()
        radio.locator("xpath=ancestor::form").get_by_role("button", name="Simpan pemeriksaan").click()
        desk.wait_for_load_state()
    audit(axe, desk, "desk-verified", seen)
    desk.get_by_role("button", name="Setujui").click(timeout=180_000)
    desk.wait_for_load_state()
    app = Application.objects.get(tracking_number=number)
    assert app.state == State.COMPLETED, app.state
    assert Person.objects.get(pk=wife.pk).full_name == "Siti Aminatun"
    assert FamilyCard.objects.get(pk=card.pk).current_version == 2

    # --- the citizen's readiness check is green
    page.goto("/sim-paspor/paspor/kesiapan/")
    expect(page.locator("#passport-ready")).to_be_visible()
    assert page.locator("#passport-checks .check-bad").count() == 0
    expect(page.locator("[data-check=kk_full_name]")).to_have_class(re.compile("check-ok"))
    expect(documents).not_to_contain_text("Siti Aminah")
    audit(axe, page, "readiness-green", seen)
    assert readiness.passport_readiness(citizen).ready


# --- the facts the journey stands on, without a browser ----------------------------------------

def _problems(check):
    return {c.code: c for c in check.checks if not c.ok}


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "element", "data"), [
    ({"full_name": "Siti Aminatun"}, "full_name", {"elemen": "nama", "nilai_baru": "Siti Aminatun"}),
    ({"birth_place": "Kabupaten Sidoarjo"}, "birth_place", {"elemen": "tempat_lahir", "nilai_baru": "Kabupaten Sidoarjo"}),
    ({"birth_date": dt.date(1999, 12, 15)}, "birth_date", {"elemen": "tanggal_lahir", "tanggal_lahir_baru": "1999-12-15"}),
])
def test_each_difference_links_to_the_kk_data_change_and_turns_green_once_approved(make_citizen, make_staff,
                                                                                   typed, element, data):
    # the register (KTP-el and KK) agree with each other; the birth certificate she holds says otherwise
    _card, _head, wife = make_family()
    Person.objects.filter(pk=wife.pk).update(ktp_issued_at=dt.date(2020, 5, 4))
    citizen = make_citizen(nik=wife.nik, full_name=wife.full_name, identity="verified")
    akta = {"full_name": wife.full_name, "birth_place": wife.birth_place, "birth_date": wife.birth_date, **typed}
    services.certificate_save(owner=citizen, kind=CertificateKind.BIRTH, number="AKL-1", **akta)
    problems = _problems(readiness.passport_readiness(citizen))
    assert set(problems) == {f"ktp_el_{element}", f"kk_{element}"}
    label = str(readiness.FIELD_LABELS[element])
    for problem in problems.values():
        assert problem.fix_service == "kk-perubahan-data" and f"“{label}”" in problem.detail
        assert "akta kelahiran sebagai dokumen pendukung" in problem.detail
    app = run_case("kk-perubahan-data", citizen=citizen, officer=make_staff(),
                   uploads=("dokumen-pendukung", "ktp-el"), data={"nik_anggota": wife.nik, **data})
    assert app.state in (State.APPROVED, State.COMPLETED)  # the register changed on approval
    check = readiness.passport_readiness(citizen)
    assert check.ready, _problems(check)


@pytest.mark.django_db
def test_an_applied_correction_is_named_instead_of_how_to_apply(make_citizen):
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, full_name=wife.full_name, identity="verified")
    services.certificate_save(owner=citizen, kind=CertificateKind.BIRTH, number="AKL-1", full_name="Siti Aminatun",
                              birth_place="Surabaya", birth_date=wife.birth_date)
    assert _problems(readiness.passport_readiness(citizen))["kk_full_name"].detail
    app = application_create(version=current_version("kk-perubahan-data"), by=citizen,
                             data={"nik_anggota": wife.nik, "elemen": "nama", "nilai_baru": "Siti Aminatun"}).application
    Application.objects.filter(pk=app.pk).update(state=State.SUBMITTED)
    problem = _problems(readiness.passport_readiness(citizen))["kk_full_name"]
    assert problem.pending == [app.tracking_number] and problem.detail == ""
