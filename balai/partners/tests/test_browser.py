"""Browser journey at 360 and at 1280 px: the agent logs in (password + TOTP), collects a
payment, prints the receipt, closes the day and declares the deposit; the supervisor reconciles
against an imported bank statement. axe-audited; screenshots in var/screenshots/08-*.png."""

import pytest
from django.utils import timezone

from balai.conftest import SCREENSHOT_DIR, totp_code
from balai.partners.models import ClosingStatus, DayClosing
from balai.partners.services import agent_attach
from balai.payments.models import Payment

from .factories import make_bill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _login(page, user, next_url):
    # Taking cash renders and signs the receipt PDF in the request (eager tasks): give slow,
    # shared CI machines time.
    page.set_default_timeout(120_000)
    page.goto(next_url)
    page.wait_for_url("**/masuk/**")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/masuk/verifikasi/**")
    page.get_by_label("Kode OTP (6 digit)").fill(totp_code(user))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"**{next_url}")


def test_agent_collects_prints_closes_and_supervisor_reconciles(new_page, axe, live_server, settings, signing,
                                                                supervisor, point, make_staff):
    settings.PUBLIC_BASE_URL = live_server.url
    agent = agent_attach(user=make_staff(role="agent", unit=point.name), point=point, by=supervisor)
    bill = make_bill()
    problems = {}

    # the agent logs in on a phone: password, then the TOTP code
    page = new_page()
    _login(page, agent.user, "/agen/")
    problems["desk"] = axe(page, "08-1-agent-desk")

    # finds the bill by payment code, sees the breakdown, takes the cash
    page.get_by_label("Kode bayar (14 angka)").fill(bill.payment_code)
    page.get_by_role("button", name="Cari tagihan").click()
    page.wait_for_url("**/agen/tagihan/**")
    assert "Rp 260.000" in page.content() and "RKUD Kota Surabaya" in page.content()
    problems["bill"] = axe(page, "08-2-bill")
    page.get_by_label("sudah saya terima dan hitung").check()
    page.get_by_role("button", name="Terima dan cetak kuitansi").click()
    page.wait_for_url("**/agen/kuitansi/**")
    page.wait_for_load_state("networkidle")  # SQLite in memory: one connection shared with the server
    payment = Payment.objects.get(bill=bill)
    assert payment.channel == "agent_cash" and payment.receipt_number in page.content()
    problems["receipt"] = axe(page, "08-3-receipt")

    # prints the receipt: the 58 mm print layout, and the signed PDF
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOT_DIR / f"08-4-receipt-print-58mm-{new_page.width}.png"), full_page=True)
    page.emulate_media(media="screen")
    pdf = page.request.get(page.get_by_role("link", name="Unduh PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"

    # closes the day and declares the deposit with a photo of the slip
    page.get_by_role("link", name="Selesai", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Tutup hari (setoran)").click()  # also in the tools menu
    problems["close"] = axe(page, "08-5-close-day")
    page.get_by_role("button", name="Tutup hari sekarang").click()
    page.wait_for_url("**/agen/setoran/**")
    page.get_by_label("Jumlah yang disetor (Rp)").fill("260.000")
    page.get_by_label("Nomor referensi / slip bank").fill("BJS-778812")
    page.get_by_label("Foto slip setoran (opsional)").set_input_files(
        files=[{"name": "slip.png", "mimeType": "image/png", "buffer": PNG}])
    problems["deposit-form"] = axe(page, "08-6-deposit-form")
    page.get_by_role("button", name="Simpan setoran").click()
    page.wait_for_url("**/agen/setoran/**")
    assert "Sudah disetor" in page.content()
    problems["deposited"] = axe(page, "08-7-deposited")
    page.wait_for_load_state("networkidle")
    closing = DayClosing.objects.get()
    assert closing.status == ClosingStatus.DEPOSITED and closing.slip

    # the supervisor imports the bank statement and the deposit reconciles
    boss = new_page()
    _login(boss, supervisor, "/mitra/rekonsiliasi/")
    statement = f"tanggal,referensi,jumlah\n{timezone.localdate():%d/%m/%Y},BJS-778812,\"260.000,00\"\n"
    boss.get_by_label("Rekening koran (CSV)").set_input_files(
        files=[{"name": "rekening-koran.csv", "mimeType": "text/csv", "buffer": statement.encode()}])
    boss.get_by_role("button", name="Impor dan cocokkan").click()
    boss.get_by_text("Hasil impor").wait_for()
    boss.wait_for_load_state("networkidle")
    closing.refresh_from_db()
    assert closing.status == ClosingStatus.RECONCILED and closing.number in boss.content()
    problems["reconcile"] = axe(boss, "08-8-reconciled")
    boss.goto("/mitra/")
    assert point.name in boss.content()
    problems["dashboard"] = axe(boss, "08-9-supervisor-dashboard")
    boss.goto(f"/mitra/titik/{point.pk}/")
    problems["point"] = axe(boss, "08-10-point")

    assert {k: v for k, v in problems.items() if v} == {}
