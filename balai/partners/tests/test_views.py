"""Agent desk and supervisor pages through the real views (password + TOTP sessions)."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balai.partners.models import ClosingStatus, Collection, DayClosing
from balai.partners.services import agent_attach, collection_record, day_close
from balai.payments.models import Payment

from .factories import key, make_bill, make_point

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _collect(client, bill):
    page = client.get(f"/agen/tagihan/?kode={bill.payment_code}")
    assert page.status_code == 200
    idem = re.search(r'name="idempotency_key" value="([^"]+)"', page.content.decode()).group(1)
    return client.post("/agen/terima/", {"payment_code": bill.payment_code, "idempotency_key": idem,
                                         "cash_received": "1"}), idem


@pytest.mark.django_db
def test_desk_collect_receipt_and_resubmit_gives_same_receipt(agent_client, agent):
    bill = make_bill()
    response, idem = _collect(agent_client, bill)
    assert response.status_code == 302
    collection = Collection.objects.get()
    assert response["Location"] == f"/agen/kuitansi/{collection.pk}/"
    # a retry of the same form (dropped connection) → the same receipt, one payment
    again = agent_client.post("/agen/terima/", {"payment_code": bill.payment_code, "idempotency_key": idem,
                                                "cash_received": "1"})
    assert again["Location"] == response["Location"] and Payment.objects.filter(bill=bill).count() == 1
    receipt = agent_client.get(response["Location"])
    text = receipt.content.decode()
    assert collection.payment.receipt_number in text and "Rp 260.000" in text
    qr = agent_client.get(f"/agen/kuitansi/{collection.pk}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    home = agent_client.get("/agen/").content.decode()
    assert collection.payment.receipt_number in home  # "last collections" recovers a lost response


@pytest.mark.django_db
def test_desk_needs_confirmation_and_shows_paid_online(agent_client):
    from balai.payments.services import payment_post

    bill = make_bill()
    response = agent_client.post("/agen/terima/", {"payment_code": bill.payment_code, "idempotency_key": key()})
    assert response.status_code == 400 and Collection.objects.count() == 0
    payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="VA9", amount=bill.total)
    page = agent_client.get(f"/agen/tagihan/?kode={bill.payment_code}").content.decode()
    assert "sudah lunas pada" in page and "Terima dan cetak kuitansi" not in page


@pytest.mark.django_db
def test_agent_of_another_point_gets_404(agent_client, agent, supervisor, make_staff):
    other_point = make_point(supervisor, name="BUMDes Lain")
    other = agent_attach(user=make_staff(role="agent"), point=other_point, by=supervisor)
    foreign = collection_record(agent_user=other.user, payment_code=make_bill().payment_code,
                                idempotency_key=key()).collection
    closing = day_close(by=other.user)
    for url in (f"/agen/kuitansi/{foreign.pk}/", f"/agen/kuitansi/{foreign.pk}/qr.svg",
                f"/agen/kuitansi/{foreign.pk}/pdf/", f"/agen/setoran/{closing.pk}/"):
        assert agent_client.get(url).status_code == 404, url
    assert agent_client.post(f"/agen/kuitansi/{foreign.pk}/batal/", {"reason": "x"}).status_code == 404
    assert foreign.payment.receipt_number not in agent_client.get("/agen/").content.decode()


@pytest.mark.django_db
def test_close_day_and_declare_deposit_with_slip_photo(agent_client, agent):
    _collect(agent_client, make_bill())
    response = agent_client.post("/agen/tutup-hari/")
    closing = DayClosing.objects.get()
    assert response["Location"] == f"/agen/setoran/{closing.pk}/" and closing.expected == 260_000
    # a text file named .jpg is not an image
    bad = agent_client.post(f"/agen/setoran/{closing.pk}/", {
        "amount": "260.000", "bank_reference": "TRX1", "deposit_date": timezone.localdate().isoformat(),
        "slip": SimpleUploadedFile("slip.jpg", b"not an image", content_type="image/jpeg")})
    assert bad.status_code == 200 and "gambar" in bad.content.decode()
    ok = agent_client.post(f"/agen/setoran/{closing.pk}/", {
        "amount": "260.000", "bank_reference": "TRX1", "deposit_date": timezone.localdate().isoformat(),
        "slip": SimpleUploadedFile("slip.png", PNG, content_type="image/png")})
    assert ok.status_code == 302
    closing.refresh_from_db()
    assert closing.status == ClosingStatus.DEPOSITED and closing.slip.name.endswith(".png")
    assert agent_client.get(f"/agen/setoran/{closing.pk}/slip/")["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_supervisor_pages_reconcile_and_commission_csv(client, agent, supervisor):
    from balai.conftest import totp_code
    from balai.partners.services import deposit_declare

    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    closing = day_close(by=agent.user)
    deposit_declare(closing=closing, by=agent.user, amount=250_000, bank_reference="TRX2",
                    deposit_date=timezone.localdate())
    client.post("/masuk/", {"username": supervisor.username, "password": supervisor.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(supervisor)})
    assert agent.point.name in client.get("/mitra/").content.decode()
    assert client.get(f"/mitra/titik/{agent.point.pk}/").status_code == 200
    csv_file = io.BytesIO(f"tanggal,referensi,jumlah\n{timezone.localdate()},TRX2,250000\n".encode())
    csv_file.name = "bank.csv"
    page = client.post("/mitra/rekonsiliasi/", {"file": csv_file})
    assert page.status_code == 200 and closing.number in page.content.decode()
    closing.refresh_from_db()
    assert closing.status == ClosingStatus.DISCREPANCY and closing.bank_amount == 250_000
    client.post(f"/mitra/setoran/{closing.pk}/selesaikan/", {"kind": "agent_shortage", "note": "potong komisi"})
    closing.refresh_from_db()
    assert closing.status == ClosingStatus.RECONCILED
    today = timezone.localdate()
    csv_response = client.get(f"/mitra/titik/{agent.point.pk}/komisi/{today.year}-{today.month}.csv")
    assert csv_response.status_code == 200 and b"260000" in csv_response.content


@pytest.mark.django_db
def test_supervisor_out_of_jurisdiction_gets_404(client, make_staff, point):
    from balai.conftest import totp_code

    outsider = make_staff(role="supervisor", jurisdiction=("3507",))
    client.post("/masuk/", {"username": outsider.username, "password": outsider.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(outsider)})
    assert client.get(f"/mitra/titik/{point.pk}/").status_code == 404
    assert point.name not in client.get("/mitra/").content.decode()


@pytest.mark.django_db
def test_agent_cannot_open_supervisor_pages(agent_client):
    assert agent_client.get("/mitra/").status_code == 403


@pytest.mark.django_db
def test_agent_page_weight_under_100_kb(agent_client, agent):
    """HTML + CSS + JS + images of each agent page, fonts excluded (none are used): < 100 KB."""
    from django.contrib.staticfiles import finders

    bill = make_bill()
    weights = {}
    response, _ = _collect(agent_client, bill)
    collection = Collection.objects.get()
    closing_pk = None
    pages = ["/agen/", f"/agen/tagihan/?kode={make_bill().payment_code}", f"/agen/kuitansi/{collection.pk}/",
             "/agen/tutup-hari/"]
    agent_client.post("/agen/tutup-hari/")
    closing_pk = DayClosing.objects.get().pk
    pages.append(f"/agen/setoran/{closing_pk}/")
    for url in pages:
        html = agent_client.get(url).content
        total = len(html)
        for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
            path = finders.find(asset.decode().removeprefix("/static/"))
            total += Path(path).stat().st_size if path else 0
        for asset in re.findall(rb'src="(/agen/[^"]+)"', html):
            total += len(agent_client.get(asset.decode()).content)
        weights[url] = total
    print("agent page weights (bytes):", weights)
    assert max(weights.values()) < 100 * 1024, weights


@pytest.mark.django_db
def test_supervisor_creates_agents_with_the_staff_password_rules(client, supervisor, point):
    from balai.accounts.models import User
    from balai.conftest import totp_code
    from balai.partners.models import Agent

    client.post("/masuk/", {"username": supervisor.username, "password": supervisor.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(supervisor)})
    url = f"/mitra/titik/{point.pk}/agen/"
    form = {"full_name": "Siti Aminah", "username": "agen.siti", "email": "siti@example.id", "phone": ""}

    def refused(data) -> str:
        response = client.post(url, data)
        assert response.status_code == 200  # the point's page again, the form with its errors
        return response.content.decode()

    numeric = refused({**form, "password": "3578123456"})
    assert "Kata sandi ini seluruhnya terdiri dari angka." in numeric
    assert "%(" not in numeric  # every message with its parameters filled in
    assert 'value="agen.siti"' in numeric and 'value="3578123456"' not in numeric  # typed data kept, not the password
    like_name = refused({**form, "password": "agen.siti1"})
    assert "mirip" in like_name
    assert not User.objects.filter(username="agen.siti").exists()

    created = client.post(url, {**form, "password": "kopi-tubruk-pagi-7"})
    assert created.status_code == 302
    agent = Agent.objects.select_related("user").get(user__username="agen.siti")
    assert agent.point == point and agent.user.full_name == "Siti Aminah"
    again = refused({**form, "full_name": "Siti Lain", "password": "kopi-tubruk-pagi-8"})
    assert "Nama pengguna sudah dipakai." in again
    assert Agent.objects.filter(point=point, user__username="agen.siti").count() == 1
