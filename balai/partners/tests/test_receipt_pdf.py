"""The agent's signed 58 mm receipt PDF, read back the way a person reads the paper: every
label with its value (receipt number, channel, payer, the whole payment time), amounts whole on one
line, nothing outside the 48 mm a thermal printer prints; the device's internal reference is not
printed. The page goes to var/test-artifacts/ as PNG for a person to look at."""

import pytest
from django.utils import timezone

from balai.conftest import ARTIFACT_DIR, have_tool
from balai.core.formatting import format_datetime_id
from balai.partners.services import collection_record
from balai.payments.models import Payment

from .factories import key, make_bill

pytestmark = [pytest.mark.skipif(not have_tool("pdftotext"), reason="poppler-utils (pdftotext) is not installed"),
              pytest.mark.django_db(transaction=True)]  # receipts are issued on commit

# Two years of arrears on a motorcycle: the labels the agent desk really prints.
LONG_LINES = [("pkb", "PKB pokok 2025", 135_542), ("opsen_pkb", "Opsen PKB Kota Surabaya 2025", 89_458),
              ("pkb", "Sanksi administratif PKB 2025", 18_976),
              ("opsen_pkb", "Sanksi administratif opsen PKB Kota Surabaya 2025", 12_524),
              ("swdkllj", "SWDKLLJ (termasuk biaya kartu) 2025", 35_000)]


def test_agent_receipt_pdf_shows_every_label_with_its_value_inside_48mm(signing, agent_client, agent):
    from balai.documents.tests.factories import pdf_to_pngs
    from balai.documents.tests.pdftext import pdf_text

    bill = make_bill(lines=LONG_LINES)
    collection = collection_record(agent_user=agent.user, payment_code=bill.payment_code,
                                   idempotency_key=key()).collection
    payment = Payment.objects.get(pk=collection.payment_id)
    response = agent_client.get(f"/agen/kuitansi/{collection.pk}/pdf/")
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    if have_tool("pdftoppm"):
        pdf_to_pngs(pdf, ARTIFACT_DIR, "partners-agent-receipt-58mm")
    text = pdf_text(pdf)
    lines = text.lines()
    squeezed = "".join("".join(lines).split())

    for label, value in [("No. kuitansi", payment.receipt_number),
                         ("Waktu bayar", format_datetime_id(timezone.localtime(payment.paid_at))),
                         ("Saluran", "Tunai di agen (titik layanan)"), ("Pembayar", "Siti Aminah"),
                         ("Kode bayar", bill.payment_code), ("Uraian", "PKB tahunan L 1234 AB")]:
        assert "".join(f"{label}{value}".split()) in squeezed, (label, value, lines)
    assert "agent_cash" not in squeezed and payment.external_ref not in squeezed
    for amount in ("Rp 135.542", "Rp 89.458", "Rp 18.976", "Rp 12.524", "Rp 35.000"):
        assert any(line.endswith(amount) for line in lines), (amount, lines)
    assert "TOTAL Rp 291.500" in lines
    assert text.outside(left_mm=5, right_mm=53) == []
