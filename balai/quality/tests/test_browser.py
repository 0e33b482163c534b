"""Browser journey (Playwright, axe-core on every page, layout check at 360 and 1280 px): a citizen's
service is completed → she answers the survey → files a complaint and follows it → the public
dashboard shows the new figures after the refresh task → the regency's unit page shows the unit's
signed maklumat pelayanan, which downloads as the signed PDF."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from balai.documents.services import document_issue as real_document_issue  # before fake_documents

pytestmark = pytest.mark.browser


def audit(axe, page, name, seen):
    violations = axe(page, f"quality-{len(seen) + 1:02d}-{name}")
    seen.append(name)
    assert violations == [], f"{name}: {violations}"


@pytest.mark.django_db(transaction=True)
def test_survey_complaint_dashboard(new_page, axe, make_case, complete_case, officer, citizen, monkeypatch,
                                    supervisor, make_staff, signing):
    from balai.quality import conf
    from balai.quality.models import Complaint
    from balai.quality.services.complaints import complaint_act
    from balai.quality.services.refresh import refresh_dashboard

    monkeypatch.setattr(conf, "SURVEY_MIN_CELL", 1)  # one respondent in this small world
    seen: list[str] = []
    app = complete_case(make_case())
    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(app.applicant.username)
    page.get_by_label("Kata sandi").fill(citizen.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/permohonan/{app.tracking_number}/")
    page.get_by_role("link", name="Isi survei kepuasan").click()
    audit(axe, page, "survey", seen)
    for i in range(1, 10):
        page.locator(f"fieldset#u{i}").get_by_label("Sangat sesuai" if i != 3 else "Kurang sesuai").check()
    page.get_by_label("Saran dan masukan (tidak wajib)").fill("Antrean loket terlalu panjang")
    page.get_by_role("button", name="Kirim survei").click()
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    audit(axe, page, "survey-done", seen)

    page.get_by_role("link", name="Ada keluhan? Sampaikan pengaduan").click()
    page.get_by_label("Kategori").select_option("delay")
    page.get_by_label("Isi pengaduan").fill("Dokumen hasil belum bisa diunduh.")
    audit(axe, page, "complaint-form", seen)
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan diterima")).to_be_visible()
    audit(axe, page, "complaint-filed", seen)
    complaint = Complaint.objects.get()
    complaint_act(complaint=complaint, by=officer, action="answer", text="Dokumen sudah kami terbitkan ulang.")
    page.goto("/pengaduan/saya/")
    page.get_by_role("link", name=complaint.number).click()
    expect(page.get_by_text("Dokumen sudah kami terbitkan ulang.")).to_be_visible()
    page.get_by_label("Tanggapan Anda").fill("Terima kasih, sudah bisa.")
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.get_by_text("Terima kasih, sudah bisa.")).to_be_visible()
    audit(axe, page, "complaint-follow", seen)

    refresh_dashboard()
    page.goto("/dasbor/?wilayah=3578")
    summary = page.locator("dl.facts")
    expect(summary.locator("dt", has_text="Permohonan diterima").locator("xpath=following-sibling::dd[1]")).to_have_text("1")
    expect(summary).to_contain_text(re.compile(r"94[.,]44"))  # (8×4 + 2) / 9 × 25
    expect(summary).to_contain_text("1 / 1")  # one complaint received, answered in time
    expect(page.locator("svg.chart").first).to_be_visible()
    audit(axe, page, "dashboard", seen)

    # a supervisor of the unit issues its maklumat pelayanan (signed for real) and sees the units'
    # ASN fluency; the public sees the aggregate share and the maklumat after the refresh
    import balai.documents.services as documents_services
    from balai.asn.tests.test_browser import login_staff
    from balai.cases.models import Office
    from balai.quality.services.fluency import refresh_fluency

    from .test_units import HEAD, _asn

    monkeypatch.setattr(documents_services, "document_issue", real_document_issue)
    office = Office.objects.get(unit_type="dukcapil", regency_code="3578")
    _asn(make_staff, 5, office.name, "3578", with_jp=4)
    boss = new_page()
    login_staff(boss, supervisor)
    boss.goto("/petugas/")
    boss.get_by_role("link", name="Maklumat pelayanan").first.click()
    boss.locator("select[name=office]").select_option(str(office.pk))
    boss.get_by_label("Nama kepala unit").fill(HEAD["head_name"])
    boss.get_by_label("Jabatan").fill(HEAD["head_title"])
    boss.get_by_label("NIP (tidak wajib)").fill(HEAD["head_nip"])
    audit(axe, boss, "pledge-desk", seen)
    boss.get_by_role("button", name="Terbitkan dan tandatangani").click()
    expect(boss.get_by_text("versi 1 sudah terbit")).to_be_visible()
    audit(axe, boss, "pledge-issued", seen)
    boss.goto("/petugas/")
    boss.get_by_role("link", name="Pengawasan layanan").first.click()
    expect(boss.locator("[aria-labelledby=h-fluency] table")).to_contain_text("4 (80 %)")
    audit(axe, boss, "supervision-fluency", seen)

    refresh_fluency(force=True)
    page.goto("/dasbor/?wilayah=3578")
    fluency = page.locator("dl[aria-labelledby=h-fluency]")
    expect(fluency).to_contain_text(re.compile(r"80[.,]0 %"))
    page.locator("#h-units").scroll_into_view_if_needed()
    audit(axe, page, "dashboard-units", seen)
    page.get_by_role("link", name=office.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(office.name)
    expect(page.locator("blockquote.pledge")).to_contain_text("siap menerima sanksi")
    expect(page.get_by_text(HEAD["head_name"] + ",")).to_be_visible()
    audit(axe, page, "unit-pledge", seen)
    pdf = page.request.get(page.get_by_role("link", name="Unduh maklumat (PDF bertanda tangan)").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")
