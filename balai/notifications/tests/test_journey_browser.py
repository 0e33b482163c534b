"""Browser journey (360 and 1280 px, axe on every page of this app): an officer returns an
application → the citizen gets an e-mail (a real SMTP server) and a WhatsApp message (the sandbox
inbox) with a link → follows it, fixes the file and resubmits → gets the approval and the
documents-ready notice; the citizen's notification log and the supervisor's view per event."""

import re

import pytest
from playwright.sync_api import expect

from balai.cases.demo import demo_pdf, demo_png
from balai.cases.models import Application, State
from balai.cases.selectors import current_version
from balai.cases.services import application_act, application_create, application_submit, attachment_add
from balai.cases.tests.conftest import LEGALISIR_DATA, _catalogue_present, _media, verify_all  # noqa: F401
from balai.cases.tests.test_browser import login_citizen, login_officer, upload
from balai.notifications.models import Delivery, SandboxMessage

from .test_smtp import smtp  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def check(axe, page, name):
    assert axe(page, f"notifications-{name}") == [], name


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf" if name.endswith(".pdf") else "image/png")


@pytest.mark.django_db(transaction=True)
def test_returned_fixed_approved_with_email_and_whatsapp(new_page, axe, make_citizen, make_staff, signing, smtp,  # noqa: F811
                                                         with_phone, settings, tmp_path, monkeypatch, live_server):
    from balai.notifications import conf

    settings.DEMO = True
    settings.PUBLIC_BASE_URL = live_server.url  # the links in the messages lead to this server
    # the journey runs at any hour: no quiet hours for it (they have their own tests)
    monkeypatch.setattr(conf, "QUIET_START_HOUR", 0)
    monkeypatch.setattr(conf, "QUIET_END_HOUR", 0)
    inbox = smtp()
    citizen = make_citizen(username="siti")
    with_phone(citizen)
    officer = make_staff(username="rina")
    app = application_create(version=current_version("legalisir"), by=citizen, data=LEGALISIR_DATA).application
    attachment_add(application=app, requirement_code="scan-dokumen", upload=_file("akta.pdf", demo_pdf("buram")),
                   by=citizen)
    attachment_add(application=app, requirement_code="ktp-el", upload=_file("ktp.png", demo_png()), by=citizen)
    application_submit(application=app, by=citizen)
    number = app.tracking_number

    # --- the officer returns it with a note
    desk = new_page()
    login_officer(desk, officer)
    desk.goto(f"/petugas/berkas/{number}/")
    desk.get_by_role("button", name="Klaim").click()
    desk.get_by_label("Alasan dan hal yang perlu diperbaiki").fill("Pindaian akta buram, mohon unggah ulang.")
    desk.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    desk.wait_for_load_state()
    assert Application.objects.get(pk=app.pk).state == State.RETURNED

    # --- an e-mail reached the SMTP server, a WhatsApp message the sandbox, both with the note and link
    mails = [m for m in inbox.messages if "perlu diperbaiki" in m["Subject"]]
    assert len(mails) == 1 and mails[0]["To"] == citizen.email
    body = mails[0].get_payload(decode=True).decode()
    assert "Pindaian akta buram" in body and f"/permohonan/{number}/" in body
    wa = Delivery.objects.get(notification__event="cases.returned", channel="whatsapp")
    assert wa.status == "delivered"
    page = new_page()
    login_citizen(page, citizen)
    page.goto("/sandbox-notify/")
    expect(page.locator("main").get_by_text("SANDBOX", exact=True)).to_be_visible()
    check(axe, page, "sandbox-inbox")
    message = page.locator(".sandbox-message", has_text="perlu diperbaiki").first
    link = message.locator(f"a[href$='/permohonan/{number}/']")
    link.click()
    page.wait_for_url(f"**/permohonan/{number}/")

    # --- the citizen fixes the file and resubmits
    better = tmp_path / "akta-jelas.pdf"
    better.write_bytes(demo_pdf("Akta kelahiran"))
    page.get_by_role("link", name="Perbaiki dokumen").click()
    upload(page, "scan-dokumen", better)
    page.get_by_role("link", name="Lanjut: periksa dan kirim").click()
    page.get_by_role("button", name="Kirim ulang permohonan").click()
    page.wait_for_url("**/tanda-terima/")

    # --- the officer approves: the citizen is told, then told the documents are ready
    app = Application.objects.get(pk=app.pk)
    application_act(application=app, by=officer, action="claim")
    verify_all(app, officer)
    application_act(application=app, by=officer, action="approve")
    assert Application.objects.get(pk=app.pk).state == State.COMPLETED
    subjects = [m["Subject"] for m in inbox.messages]
    assert any("disetujui" in s for s in subjects) and any("siap diunduh" in s for s in subjects)
    assert SandboxMessage.objects.filter(body__contains="siap diunduh").count() == 1

    # --- the citizen's own log (menu → page), then the supervisor's view of the event
    page.goto("/pemberitahuan/")
    expect(page.get_by_role("heading", name="Dokumen siap diunduh")).to_be_visible()
    check(axe, page, "my-log")
    page.get_by_role("link", name=re.compile("Atur saluran")).click()
    check(axe, page, "preferences")
    page.goto("/pemberitahuan/nomor-hp/")
    check(axe, page, "phone")
    supervisor = make_staff(role="supervisor", username="sari")
    staff = new_page()
    login_officer_any(staff, supervisor)
    staff.goto("/petugas/pemberitahuan/")
    check(axe, staff, "staff-events")
    staff.get_by_role("link", name="Permohonan dikembalikan untuk perbaikan").click()
    expect(staff.get_by_role("cell", name="WhatsApp").first).to_be_visible()
    check(axe, staff, "staff-event")


def login_officer_any(page, user):
    from balai.conftest import totp_code

    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/masuk/verifikasi/")
    page.get_by_label(re.compile("Kode")).fill(totp_code(user))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()
