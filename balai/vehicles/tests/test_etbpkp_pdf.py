"""The e-TBPKP (A4) read back the way a person reads the paper: every fact beside its label,
the channel by its name, each amount whole on its line, nothing outside the page margins. The
pages go to var/test-artifacts/ as PNG for a person to look at."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from balai.conftest import ARTIFACT_DIR, have_tool
from balai.payments.services import payment_post
from balai.vehicles.selectors import etbpkp_for
from balai.vehicles.services import vehicle_bill_issue
from balai.vehicles.tests.factories import make_vehicle

pytestmark = [pytest.mark.skipif(not have_tool("pdftotext"), reason="poppler-utils (pdftotext) is not installed"),
              pytest.mark.django_db(transaction=True)]  # the e-TBPKP is issued after the commit


def test_etbpkp_reads_whole_inside_the_a4_margins(signing):
    from balai.documents.tests.factories import pdf_to_pngs, stored_pdf
    from balai.documents.tests.pdftext import pdf_text

    # a motorcycle a year in arrears: two tax years, twelve lines with long labels
    vehicle = make_vehicle(plate="L 1234 AB", due_date=timezone.localdate() - timedelta(days=400),
                           stnk_valid_until=date(2099, 1, 1))
    bill = vehicle_bill_issue(vehicle=vehicle)
    payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="SBX-1", amount=bill.total)
    pdf = stored_pdf(etbpkp_for(bill.payment_code))
    if have_tool("pdftoppm"):
        pdf_to_pngs(pdf, ARTIFACT_DIR, "vehicles-etbpkp-a4")
    text = pdf_text(pdf)
    lines = text.lines()

    assert all(round(w / 72 * 25.4) == 210 and round(h / 72 * 25.4) == 297 for w, h in text.pages)
    assert "Nomor polisi L 1234 AB" in lines and "Nama pemilik Siti Aminah" in lines
    assert f"Kode bayar {bill.payment_code}" in lines
    assert any(line.startswith("Waktu bayar / kanal") and line.endswith("/ Bank Sandbox (VA/QRIS)") for line in lines)
    for line in bill.lines.all():
        amount = "Rp " + f"{line.amount:,}".replace(",", ".")
        assert any(row.startswith(line.label) and row.endswith(amount) for row in lines), (line.label, amount)
    assert any(row.startswith("Jumlah") and row.endswith("Rp " + f"{bill.total:,}".replace(",", "."))
               for row in lines)
    # inside the margins of a4.css (20 mm left, 18 mm right), the signature stamp included
    assert text.outside(left_mm=20, right_mm=192) == []
