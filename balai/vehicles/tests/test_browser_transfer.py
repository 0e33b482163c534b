"""Browser journey (360 and 1280 px, axe, layout check): a buyer applies for a used-car ownership
transfer, uploads the documents, pays the bill in the sandbox bank; a Samsat officer records the
cek fisik, verifies and approves; the car appears under the buyer's vehicles and the seller's other
car moves down to the first ownership order. Screenshots: var/screenshots/transfer-*.png."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.cases.demo import demo_pdf, demo_png
from balai.conftest import totp_code
from balai.vehicles.models import OwnershipTransfer, Vehicle
from balai.vehicles.selectors import ownership_order
from balai.vehicles.tests.factories import make_vehicle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELLER_NIK = "3578084512990001"


def _upload(page, requirement, path):
    form = page.locator(f"#req-{requirement} form")
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()


def _login(page, user, *, staff=False):
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    if staff:
        page.wait_for_url("**/masuk/verifikasi/")
        page.get_by_label(re.compile("Kode")).fill(totp_code(user))
        page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(lambda url: "/masuk/" not in url)


def test_buyer_transfers_a_used_car_and_the_seller_order_drops(new_page, axe, live_server, settings, signing,
                                                               make_citizen, make_staff, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX,
                                 "WEBHOOK_URL": f"{live_server.url}/api/payments/webhooks/sandbox/"}
    soon = timezone.localdate() + timedelta(days=150)
    sold = make_vehicle(plate="L 1771 JB", category="minibus", cc=1500, njkb=200_000_000, make="Toyota",
                        model="Avanza", owned_since=date(2019, 5, 1), due_date=soon, stnk_valid_until=date(2099, 1, 1))
    kept = make_vehicle(plate="L 1772 JB", category="minibus", cc=1500, njkb=200_000_000, make="Daihatsu",
                        model="Xenia", owned_since=date(2021, 5, 1), due_date=soon, stnk_valid_until=date(2099, 1, 1))
    assert ownership_order(kept) == 2
    buyer = make_citizen(full_name="Budi Santoso", nik="3578081203880002", identity="verified")
    officer = make_staff(unit="UPT PPD Kota Surabaya")
    bpkb, receipt, ktp = tmp_path / "bpkb.pdf", tmp_path / "kuitansi.pdf", tmp_path / "ktp.png"
    bpkb.write_bytes(demo_pdf("BPKB"))
    receipt.write_bytes(demo_pdf("Kuitansi jual beli"))
    ktp.write_bytes(demo_png())
    problems: dict[str, list] = {}

    # --- the buyer applies from "Kendaraan saya"
    page = new_page()
    _login(page, buyer)
    page.goto("/pkb/kendaraan-saya/")
    page.get_by_role("link", name="Balik nama dan kendaraan baru").click()
    page.wait_for_url("**/pkb/balik-nama/")
    problems["transfers-empty"] = axe(page, "transfer-1-list-empty")
    page.get_by_role("link", name="Balik nama kendaraan bekas").click()
    page.get_by_role("button", name="Ajukan permohonan").click()
    page.wait_for_url("**/isi/")
    number = re.search(r"/permohonan/(\d{10})/", page.url).group(1)
    problems["apply"] = axe(page, "transfer-2-apply-data")
    page.get_by_label("Nomor polisi").fill("L 1771 JB")
    page.get_by_label("Nomor BPKB").fill("P-01234567")
    page.get_by_label("NIK penjual (pemilik terdaftar)").fill(SELLER_NIK)
    page.get_by_label("Nama penjual").fill("Siti Aminah")
    page.get_by_label("Tanggal jual beli").fill((timezone.localdate() - timedelta(days=2)).isoformat())
    page.get_by_label("Alamat pembeli (sesuai KTP-el)").fill("Jl. Kenanga 3")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url("**/dokumen/")
    _upload(page, "bpkb", bpkb)
    _upload(page, "bukti-jual-beli", receipt)
    _upload(page, "ktp-el", ktp)
    expect(page.get_by_text("ktp.png")).to_be_visible()
    problems["uploads"] = axe(page, "transfer-3-uploads")
    page.get_by_role("link", name="Lanjut: periksa dan kirim").click()
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url("**/tanda-terima/")

    # --- the breakdown (each line with its regulation), then the bill in the sandbox bank
    page.goto("/pkb/balik-nama/")
    page.get_by_role("link", name="Balik nama kendaraan bekas").first.click()
    page.wait_for_url(f"**/pkb/balik-nama/{number}/")
    text = page.locator("main").inner_text()
    assert "Rp 575.000" in text and "PP 76/2020" in text and "HKPD" in text and "BBNKB" in text
    problems["breakdown"] = axe(page, "transfer-4-breakdown")
    page.get_by_role("button", name="Terbitkan tagihan dan bayar").click()
    page.wait_for_url(re.compile(r".*/bayar/\d{14,15}/$"))
    assert "Kas Negara" in page.content()
    problems["bill"] = axe(page, "transfer-5-bill")
    page.get_by_label(re.compile("virtual account")).check()
    page.get_by_role("button", name="Lanjut ke pembayaran").click()
    page.wait_for_url("**/instruksi/**")
    page.get_by_role("link", name="Bayar di bank sandbox (uji coba)").click()
    page.wait_for_url("**/sandbox-bank/pay/**")
    page.get_by_role("button", name=re.compile("^Bayar Rp")).click()
    page.wait_for_url("**/kembali/**")
    page.locator("#receipt-download").wait_for(timeout=120000)
    page.goto(f"/pkb/balik-nama/{number}/")
    expect(page.locator("#transfer-next")).to_contain_text("cek fisik")
    problems["paid"] = axe(page, "transfer-6-paid-visit-samsat")

    # --- the Samsat officer: cek fisik, then verify and approve on the desk
    desk = new_page()
    _login(desk, officer, staff=True)
    desk.goto("/petugas/samsat/balik-nama/")
    desk.get_by_role("link", name=re.compile(number[:4])).click()
    expect(desk.locator("#transfer-owners")).to_contain_text(SELLER_NIK)
    problems["staff-transfer"] = axe(desk, "transfer-7-officer-transfer")
    desk.get_by_label("Hasil cek fisik").fill("Nomor rangka dan mesin cocok; perlengkapan lengkap.")
    desk.get_by_role("button", name="Catat cek fisik").click()
    expect(desk.locator("#transfer-status")).to_contain_text("cocok")
    desk.get_by_role("link", name="Buka di meja kerja (verifikasi dan selesaikan)").click()
    desk.get_by_role("button", name="Klaim").click()
    for radio in desk.get_by_label("Sesuai", exact=True).all():
        radio.check()
        radio.locator("xpath=ancestor::form").get_by_role("button", name="Simpan pemeriksaan").click()
        desk.wait_for_load_state()
    problems["desk"] = axe(desk, "transfer-8-desk-verified")
    desk.get_by_role("button", name="Setujui").click(timeout=120_000)
    desk.wait_for_load_state()
    record = OwnershipTransfer.objects.get(application__tracking_number=number)
    assert record.completed_at is not None

    # --- the car is the buyer's; the seller's other car is now their first
    page.goto("/pkb/kendaraan-saya/")
    expect(page.locator("#my-vehicles")).to_contain_text("L 1771 JB")
    problems["mine"] = axe(page, "transfer-9-buyer-vehicles")
    sold.refresh_from_db()
    assert sold.owner_nik == buyer.citizen.nik and ownership_order(Vehicle.objects.get(pk=kept.pk)) == 1
    desk.goto(f"/petugas/samsat/{kept.plate}/")
    expect(desk.locator("main")).to_contain_text("Urutan kepemilikan progresif berubah")
    problems["seller-car"] = axe(desk, "transfer-10-seller-order-lowered")
    desk.goto(f"/petugas/samsat/{sold.plate}/")
    expect(desk.locator("#ownership-history")).to_contain_text("Siti Aminah")

    assert {k: v for k, v in problems.items() if v} == {}
