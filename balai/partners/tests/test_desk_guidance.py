"""The agent desk says what is wrong before any cash is taken, with advice
that can be followed; an empty search says so at the field; the day's history and the statement
import speak the reader's language; the desk has a language switch."""

import io
import re

import pytest
from django.conf import settings
from django.utils import timezone, translation

from balai.partners.models import Collection
from balai.partners.services import PartnerError, collection_record, day_close, deposit_declare
from balai.partners.services.closing import parse_statement

from .factories import key, make_bill

BIG = [("pkb", "PKB pokok", 1_500_000), ("opsen_pkb", "Opsen PKB", 990_000), ("swdkllj", "SWDKLLJ", 143_000)]


@pytest.fixture(autouse=True)
def _page_language_reset():
    """A request in English leaves English active in this thread (LocaleMiddleware): back to the
    default afterwards, so later tests read Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_bill_above_the_limit_is_refused_as_soon_as_it_is_shown(agent_client, agent):
    # given a point with a limit of Rp 2.000.000 and no cash on hand, a bill of Rp 2.633.000
    bill = make_bill(lines=BIG)
    # when the agent looks the bill up
    page = agent_client.get(f"/agen/tagihan/?kode={bill.payment_code}")
    text = _text(page)
    # then the bill page says so before any cash is taken, with advice that can be followed
    assert page.status_code == 200
    assert "Tagihan ini (Rp 2.633.000) melebihi batas tunai titik layanan (Rp 2.000.000)" in text
    assert "lewat bank atau kanal lain" in text and "supervisor menaikkan batas" in text
    assert "Setorkan" not in text  # a deposit cannot make room for this bill
    assert 'name="cash_received"' not in text and "Terima dan cetak kuitansi" not in text
    # and the service refuses it with its own code
    with pytest.raises(PartnerError) as refused:
        collection_record(agent_user=agent.user, payment_code=bill.payment_code, idempotency_key=key())
    assert refused.value.code == "bill_over_cash_limit" and Collection.objects.count() == 0


@pytest.mark.django_db
def test_cash_on_hand_plus_bill_over_the_limit_advises_banking_the_cash_first(agent_client, agent):
    for _ in range(7):  # 7 × 260.000 = 1.820.000 on hand
        collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    eighth = make_bill()
    text = _text(agent_client.get(f"/agen/tagihan/?kode={eighth.payment_code}"))
    assert "Uang tunai di titik layanan (Rp 1.820.000) ditambah tagihan ini (Rp 260.000) melebihi batas" in text
    assert "Setorkan dulu paling sedikit Rp 80.000 ke bank" in text
    assert 'name="cash_received"' not in text


@pytest.mark.django_db
def test_empty_or_malformed_code_search_says_so_at_the_field(agent_client):
    for typed in ("", "   "):
        page = agent_client.get("/agen/tagihan/", {"kode": typed})
        text = page.content.decode()
        assert page.status_code == 400
        assert '<p class="msg msg-error" id="kode-error">Masukkan kode bayar.</p>' in text
        field = re.search(r'<input id="kode"[^>]*>', text).group(0)
        assert 'aria-invalid="true"' in field and "kode-error" in field
    text = agent_client.get("/agen/tagihan/", {"kode": "12AB"}).content.decode()
    assert "Kode bayar hanya berisi angka" in text and 'value="12AB"' in text


@pytest.mark.django_db
def test_day_history_shows_events_in_words(agent_client, agent):
    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    closing = day_close(by=agent.user)
    deposit_declare(closing=closing, by=agent.user, amount=260_000, bank_reference="BJS-1",
                    deposit_date=timezone.localdate())
    text = _text(agent_client.get(f"/agen/setoran/{closing.pk}/"))
    assert "Hari ditutup" in text and "Setoran ke bank dicatat · Rp 260.000 · BJS-1" in text
    assert "closing.closed" not in text and "closing.deposited" not in text
    agent_client.cookies["django_language"] = "en"
    text = _text(agent_client.get(f"/agen/setoran/{closing.pk}/"))
    assert "Day closed" in text and "Bank deposit recorded" in text


def test_statement_headers_in_indonesian_or_english_and_errors_name_the_expected_header():
    for header in ("Tanggal Transaksi;No. Referensi;Jumlah (Rp)", "tanggal,referensi,jumlah", "Date,Reference,Amount",
                   "transaction date,reference no,credit"):
        delimiter = ";" if ";" in header else ","
        content = f"{header}\n2026-12-01{delimiter}TRX-9{delimiter}260000\n".encode()
        (line,) = parse_statement(content)
        assert (line.reference, line.amount) == ("TRX-9", 260_000), header
    missing_date = b"waktu,referensi,jumlah\n2026-12-01,TRX-9,260000\n"
    with translation.override("id"), pytest.raises(PartnerError) as refused:
        parse_statement(missing_date)
    assert "kolom tanggal" in refused.value.message and "tanggal, referensi, jumlah" in refused.value.message
    assert "date" not in refused.value.message.split("(")[0]
    with translation.override("en"), pytest.raises(PartnerError) as refused:
        parse_statement(missing_date)
    assert "no date column" in refused.value.message and "tanggal" not in refused.value.message.split("(")[0]


@pytest.mark.django_db
def test_statement_import_page_names_the_missing_column(client, supervisor):
    from balai.conftest import totp_code

    client.post("/masuk/", {"username": supervisor.username, "password": supervisor.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(supervisor)})
    upload = io.BytesIO(b"tgl;keterangan;jumlah\n2026-12-01;TRX;260000\n")
    upload.name = "bank.csv"
    text = _text(client.post("/mitra/rekonsiliasi/", {"file": upload}))
    assert "tidak memuat kolom referensi" in text and "Kolom reference" not in text


@pytest.mark.django_db
def test_agent_desk_has_a_language_switch(agent_client):
    text = agent_client.get("/agen/").content.decode()
    form = re.search(r'<form method="post" action="(/i18n/setlang/)" class="lang">(.*?)</form>', text, re.S)
    assert form is not None, "no language switch on the agent desk"
    assert 'name="language" value="en"' in form.group(2) and 'name="next" value="/agen/"' in form.group(2)
    response = agent_client.post("/i18n/setlang/", {"language": "en", "next": "/agen/"})
    assert response.status_code == 302 and response["Location"] == "/agen/"
    english = agent_client.get("/agen/").content.decode()
    assert '<html lang="en">' in english and "Take a payment" in english
    assert 'name="language" value="id"' in english
