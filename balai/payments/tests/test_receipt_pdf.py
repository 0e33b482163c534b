"""The citizen's signed 58 mm receipt, read back from the PDF the way a person reads the
paper: Indonesian labels beside their values (never a field name like ``payment_code``), the
channel by its name, every amount whole on one line, nothing outside the 48 mm a thermal printer
prints. The pages go to var/test-artifacts/ as PNG for a person to look at."""

import re

import pytest
from django.utils import timezone

from balai.conftest import ARTIFACT_DIR, have_tool
from balai.core.formatting import format_datetime_id
from balai.payments.models import Payment, Receipt
from balai.payments.services import payment_post

from .factories import make_bill

pytestmark = [pytest.mark.skipif(not have_tool("pdftotext"), reason="poppler-utils (pdftotext) is not installed"),
              pytest.mark.django_db(transaction=True)]

# A PKB bill's real labels: long enough to squeeze the amounts' column.
LINES = [("pkb", "Pajak Kendaraan Bermotor pokok 2026", 180_000),
         ("opsen_pkb", "Opsen PKB Kota Surabaya 2026", 118_800),
         ("swdkllj", "SWDKLLJ (termasuk biaya kartu) 2026", 35_000)]


def test_citizen_receipt_pdf_reads_in_indonesian_with_whole_amounts_inside_48mm(signing, make_citizen):
    from balai.documents.models import Document
    from balai.documents.tests.factories import pdf_to_pngs, stored_pdf
    from balai.documents.tests.pdftext import pdf_text

    bill = make_bill(payer=make_citizen(), payer_name="Siti Aminah", lines=LINES, period="2026")
    payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="SBX-20260302-000123",
                 amount=333_800)
    payment = Payment.objects.get(bill=bill)
    pdf = stored_pdf(Document.objects.get(pk=Receipt.objects.get(payment=payment).document_id))
    if have_tool("pdftoppm"):
        pdf_to_pngs(pdf, ARTIFACT_DIR, "payments-citizen-receipt-58mm")
    text = pdf_text(pdf)
    lines = text.lines()
    squeezed = "".join("".join(lines).split())

    # every label in Indonesian, followed by its value; no field name and no channel code
    for label, value in [("No. kuitansi", payment.receipt_number),
                         ("Waktu bayar", format_datetime_id(timezone.localtime(payment.paid_at))),
                         ("Saluran", "Bank Sandbox (VA/QRIS)"), ("Pembayar", "Siti Aminah"),
                         ("Kode bayar", bill.payment_code), ("Uraian", "Tagihan uji"), ("Masa/periode", "2026"),
                         ("Referensi", "SBX-20260302-000123")]:
        assert "".join(f"{label}{value}".split()) in squeezed, (label, value, lines)
    for field_name in ("payment_code", "description", "period", "reference", "Saluran sandbox"):
        assert not re.search(rf"\b{field_name}\b", "\n".join(lines)), field_name

    # each amount whole, on the line of its label's end (never "Rp" / "333.800")
    assert "TOTAL Rp 333.800" in lines
    for amount in ("Rp 180.000", "Rp 118.800", "Rp 35.000"):
        assert any(line.endswith(amount) for line in lines), (amount, lines)

    # 58 mm paper, and every word inside the 48 mm a thermal printer prints (the stamp too)
    assert round(text.pages[0][0] / 72 * 25.4) == 58
    assert text.outside(left_mm=5, right_mm=53) == []
