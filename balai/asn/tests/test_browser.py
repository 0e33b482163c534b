"""Browser journey (axe and the layout check on every page, at 360 and 1280 px): a new officer takes
the desk course, passes its quiz and the practice track, receives the certificate, and the
supervisor sees the unit's fluency figures rise."""

import re

import pytest
from django.utils import translation

from balai.asn.models import Course, PracticeRun
from balai.asn.services import profile_save
from balai.conftest import totp_code

pytestmark = pytest.mark.browser
UNIT = "UPT PPD Surabaya Timur"


def check(axe, page, name):
    violations = axe(page, f"asn-{name}")
    assert violations == [], f"{name}: {violations}"


def login_staff(page, user):
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/masuk/verifikasi/")
    page.get_by_label(re.compile("Kode")).fill(totp_code(user))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()


def _profile(user, nip, born):
    profile_save(user=user, data={
        "nip": nip, "kind": "pns", "position_type": "administrative", "functional_level": "", "position_name": "",
        "rank": "II/c", "rank_tmt": "2024-04-01", "birth_date": born, "education": "d3", "skp_last": "baik",
        "skp_previous": "baik"})


def _fluency(page, axe, name):
    page.goto("/petugas/")
    page.get_by_role("link", name="Kecakapan digital unit").first.click()
    page.wait_for_url("**/asn/unit/kecakapan/")
    check(axe, page, name)
    return page.locator("#share-practice").inner_text()


@pytest.mark.django_db(transaction=True)
def test_new_officer_trains_practises_and_the_supervisor_sees_the_unit(new_page, axe, make_staff, signing):
    officer = make_staff(username="dewi", unit=UNIT)
    supervisor = make_staff(role="supervisor", username="hendra", unit=UNIT)
    _profile(officer, "199802142023012001", "1998-02-14")
    _profile(supervisor, "197603052000031002", "1976-03-05")
    boss = new_page()
    login_staff(boss, supervisor)
    assert _fluency(boss, axe, "fluency-before").startswith("0%")

    page = new_page()
    login_staff(page, officer)
    page.goto("/petugas/")
    page.get_by_role("link", name="Pelatihan dan meja latihan").first.click()
    page.wait_for_url("**/asn/")
    check(axe, page, "training")
    course = Course.objects.get(code="meja-digital")
    page.get_by_role("link", name=course.title).click()
    check(axe, page, "course")
    page.get_by_role("link", name="Mulai kuis").click()
    check(axe, page, "quiz")
    for question in course.questions.all():
        page.get_by_label(question.choices.get(is_correct=True).text, exact=True).check()
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_url(f"**/asn/kursus/{course.code}/")
    assert "Lulus dengan nilai 100" in page.content()

    page.get_by_role("link", name="← Pelatihan ASN").click()
    page.get_by_role("link", name="Buka meja latihan").click()
    page.get_by_role("button", name="Mulai sesi latihan baru").click()
    page.wait_for_url("**/asn/latihan/")
    check(axe, page, "practice")
    run = PracticeRun.objects.get(user=officer)
    for n, case in enumerate(run.cases.all()):
        page.get_by_role("link", name=case.reference).click()
        if n == 0:
            check(axe, page, "practice-case")
        with translation.override("id"):
            decision = str(case.get_expected_decision_display())
        page.get_by_label(decision, exact=True).check()
        if case.expected_requirement:
            page.get_by_label(re.compile("Persyaratan yang bermasalah")).select_option(case.expected_requirement)
        page.get_by_role("button", name="Simpan keputusan").click()
        page.wait_for_url("**/asn/latihan/")
    assert "Lulus." in page.content()
    check(axe, page, "practice-passed")

    page.get_by_role("link", name="← Pelatihan ASN").click()
    link = page.get_by_role("link", name=re.compile("Unduh sertifikat"))
    assert link.count() == 2  # the course and the practice track
    response = page.request.get(link.first.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    check(axe, page, "training-done")

    assert _fluency(boss, axe, "fluency-after").startswith("50%")
