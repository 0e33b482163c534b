"""Pages as a person sees them (360 and 1280 px, axe): the receipt with its PIN right after
submitting, the draft deletion confirmation, the desk naming whom a case is about, the bill page's
signed link for a payer without an account and the page of a tampered link."""

import datetime as dt
import re

import pytest

from balai.cases.models import Application, State
from balai.cases.selectors import current_version
from balai.cases.services import application_create, attachment_add
from balai.civil.models import Relationship
from balai.civil.services import family_card_add_member
from balai.civil.tests.factories import make_family, make_person

from .conftest import LEGALISIR_DATA, pdf_upload
from .test_browser import login_citizen, login_officer

pytestmark = pytest.mark.browser


def check(axe, page, name):
    assert axe(page, f"flows-{name}") == [], name


@pytest.mark.django_db(transaction=True)
def test_receipt_pin_draft_deletion_desk_subject_and_signed_links_pages(new_page, axe, make_citizen, make_staff, signing, settings):
    card, head, wife = make_family()
    child = make_person(full_name="Aisyah Putri", sex="F", birth_date=dt.date(2012, 5, 4), mother=wife, father=head,
                        marital_status="belum_kawin")
    family_card_add_member(card=card, person=child, relationship=Relationship.CHILD, by=None)
    citizen = make_citizen(username="siti", nik=wife.nik, full_name=wife.full_name, identity="matched")
    officer = make_staff(username="rina")

    # the citizen submits a ready draft: the receipt shows the PIN once
    app = application_create(version=current_version("legalisir"), by=citizen, data=LEGALISIR_DATA).application
    for req in ("scan-dokumen", "ktp-el"):
        attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=citizen)
    page = new_page()
    login_citizen(page, citizen)
    page.goto(f"/permohonan/{app.tracking_number}/kirim/")
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url("**/tanda-terima/")
    assert re.fullmatch(r"\d{6}", page.locator("#pin").inner_text().strip())
    check(axe, page, "receipt-pin")
    page.reload()
    assert page.locator("#pin").count() == 0

    # a draft: delete it after confirming
    draft = application_create(version=current_version("legalisir"), by=citizen).application
    page.goto(f"/permohonan/{draft.tracking_number}/")
    page.get_by_role("link", name="Hapus draf").click()
    page.wait_for_url("**/hapus/")
    check(axe, page, "draft-delete")
    page.get_by_role("button", name="Ya, hapus draf").click()
    page.wait_for_url("**/permohonan/")
    assert not Application.objects.filter(pk=draft.pk).exists()

    # the desk names the child the case is about
    about = application_create(version=current_version("kk-perubahan-data"), by=citizen,
                               data={"nik_anggota": child.nik, "elemen": "pendidikan", "nilai_baru": "SLTP"}).application
    Application.objects.filter(pk=about.pk).update(state=State.SUBMITTED)
    desk = new_page()
    login_officer(desk, officer)
    desk.goto(f"/petugas/berkas/{about.tracking_number}/")
    subject = desk.locator(".case-subject")
    assert "Aisyah Putri" in subject.inner_text() and "Anak" in subject.inner_text()
    assert desk.locator(".record-now").inner_text() == "SLTA/sederajat"  # the register's value beside the request
    check(axe, desk, "desk-subject")
    subject.get_by_role("link").click()
    desk.wait_for_url("**/penduduk/**")

    # a bill paid at a bank by someone without an account
    from balai.payments.beneficiaries import beneficiaries_ensure
    from balai.payments.models import Payment
    from balai.payments.receipts import receipt_issue_for_payment
    from balai.payments.services import payment_post
    from balai.payments.tests.factories import make_bill

    beneficiaries_ensure()  # a transactional test flushed them
    bill = make_bill(payer=None)
    payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="TRX-B14", amount=bill.total)
    receipt_issue_for_payment(payment_id=Payment.objects.get(bill=bill).pk)
    payer = new_page()
    payer.goto(f"/bayar/{bill.payment_code}/")
    href = payer.locator("#receipt-download").get_attribute("href")
    check(axe, payer, "bill-signed-link")
    response = payer.request.get(href)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    token = href.split("/")[3]
    payer.goto(f"/bayar/dokumen/{token}/")
    check(axe, payer, "link-documents")
    payer.goto(f"/bayar/dokumen/{token[:-3]}xyz/")
    assert "Tautan tidak berlaku" in payer.content()
    check(axe, payer, "link-refused")
