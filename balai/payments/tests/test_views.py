import io

import pytest
from openpyxl import load_workbook

from balai.payments.demo import seed_demo_bills
from balai.payments.models import Bill, ReviewTask
from balai.payments.services import payment_post
from balai.payments.states import BillStatus

from .factories import make_bill, notification, post_webhook

pytestmark = pytest.mark.django_db


def test_inquiry_masks_the_payer_and_lists_lines(client):
    bill = make_bill(payer_name="Siti Aminah")
    response = client.get(f"/api/bills/{bill.payment_code}/")
    assert response.status_code == 200
    data = response.json()
    assert data["payer_name"] == "S*** A*****" and data["total"] == 260_000
    assert [line["amount"] for line in data["lines"]] == [135_542, 89_458, 35_000]
    assert data["lines"][1]["beneficiary"] == "RKUD Kota Surabaya"
    assert "Siti Aminah" not in response.content.decode()


def test_inquiry_of_a_mistyped_code_is_404(client):
    bill = make_bill()
    typo = bill.payment_code[:-2] + bill.payment_code[-1] + bill.payment_code[-2]
    if typo != bill.payment_code:
        assert client.get(f"/api/bills/{typo}/").status_code == 404
    response = client.get("/api/bills/00000000000000/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_bill"


def test_bill_page_masks_for_strangers_and_shows_name_to_the_payer(client, make_citizen):
    owner = make_citizen(full_name="Siti Aminah")
    bill = make_bill(payer=owner)
    page = client.get(f"/bayar/{bill.payment_code}/").content.decode()
    assert "S*** A*****" in page and "Siti Aminah" not in page and "Lanjut ke pembayaran" in page
    client.post("/masuk/", {"username": owner.username, "password": owner.raw_password})
    assert "Siti Aminah" in client.get(f"/bayar/{bill.payment_code}/").content.decode()


def test_lookup_redirects_or_explains(client):
    bill = make_bill()
    assert client.get("/bayar/", {"kode": bill.payment_code}).status_code == 302
    response = client.get("/bayar/", {"kode": "12345"})
    assert response.status_code == 200 and "tidak ditemukan" in response.content.decode()


def test_start_payment_from_the_page_shows_instructions_and_sandbox_link(client):
    bill = make_bill()
    response = client.post(f"/bayar/{bill.payment_code}/mulai/", {"method": "qris", "gateway": "sandbox"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml" in page and "/sandbox-bank/pay/SBX" in page


def test_report_for_supervisor_with_csv_and_xlsx(staff_client):
    client, _ = staff_client(role="supervisor", jurisdiction=("3578",))
    inside, outside = make_bill(regency_code="3578"), make_bill(regency_code="3507")
    for bill in (inside, outside):
        payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref=bill.payment_code,
                     amount=bill.total)
    page = client.get("/petugas/pembayaran/laporan/")
    assert page.status_code == 200 and "RKUD Kota Surabaya" in page.content.decode()
    assert "RKUD Kabupaten Malang" not in page.content.decode()  # outside the jurisdiction
    csv_text = client.get("/petugas/pembayaran/laporan/?format=csv").content.decode()
    assert csv_text.splitlines()[0].startswith("Tanggal,Kanal")
    assert sum(int(line.rsplit(",", 1)[1]) for line in csv_text.splitlines()[1:]) == inside.total
    xlsx = client.get("/petugas/pembayaran/laporan/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sum(row[5] for row in sheet.iter_rows(min_row=2, values_only=True)) == inside.total


def test_report_and_tasks_are_not_for_officers(staff_client):
    client, _ = staff_client(role="officer")
    assert client.get("/petugas/pembayaran/laporan/").status_code == 403
    assert client.get("/petugas/pembayaran/tugas/").status_code == 403


def test_supervisor_resolves_a_refund_task(staff_client):
    client, user = staff_client(role="supervisor", jurisdiction=("3578",))
    bill = make_bill()
    Bill.objects.filter(pk=bill.pk).update(status=BillStatus.CANCELLED)
    assert post_webhook(client, notification(bill)).json()["result"] == "refund_required"
    task = ReviewTask.objects.get()
    assert task.summary in client.get("/petugas/pembayaran/tugas/").content.decode()
    client.post("/petugas/pembayaran/tugas/", {"task": task.pk, "resolution": "dikembalikan ke rekening"})
    task.refresh_from_db()
    assert task.resolved_by == user and bill.events.filter(kind="task.resolved.refund").exists()


def test_demo_seeder_is_idempotent(make_citizen):
    make_citizen(username="warga")
    first = list(seed_demo_bills([]))
    second = list(seed_demo_bills([]))
    assert first == second and len(first) == 2
    assert Bill.objects.filter(subject_type="demo").count() == 2


def test_bill_page_masks_the_plate_for_strangers_only(client, make_citizen, staff_client):
    """Whoever has a payment code sees the bill; the plate in its description is
    masked for them, shown in full to the payer and to staff of the bill's regency."""
    owner = make_citizen(full_name="Siti Aminah")
    bill = make_bill(payer=owner, description="PKB L 1234 AB 2025–2026")
    page = client.get(f"/bayar/{bill.payment_code}/").content.decode()
    assert "PKB L 1*** AB 2025–2026" in page and "1234" not in page
    assert "1234" not in client.get(f"/bayar/{bill.payment_code}/kembali/").content.decode()
    assert client.get(f"/api/bills/{bill.payment_code}/").json()["description"] == "PKB L 1*** AB 2025–2026"

    client.post("/masuk/", {"username": owner.username, "password": owner.raw_password})
    assert "PKB L 1234 AB 2025–2026" in client.get(f"/bayar/{bill.payment_code}/").content.decode()
    assert client.get(f"/api/bills/{bill.payment_code}/").json()["description"] == "PKB L 1234 AB 2025–2026"
    client.post("/keluar/")

    officer_client, _officer = staff_client("supervisor", jurisdiction=("3578",))
    assert "PKB L 1234 AB 2025–2026" in officer_client.get(f"/bayar/{bill.payment_code}/").content.decode()


def test_bill_page_masks_the_plate_for_staff_of_another_regency(staff_client):
    bill = make_bill(description="PKB N 12 X 2026", regency_code="3578")
    client, _user = staff_client("officer", jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang")
    page = client.get(f"/bayar/{bill.payment_code}/").content.decode()
    assert "PKB N 1* X 2026" in page and "N 12 X" not in page
