"""The payer of a vehicle-tax bill, without an account, downloads the e-TBPKP through
the signed link of the bill page (as the receipt)."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from balai.payments.models import Payment
from balai.payments.receipts import receipt_issue_for_payment
from balai.payments.services import payment_post
from balai.vehicles.selectors import etbpkp_for
from balai.vehicles.services import vehicle_bill_issue
from balai.vehicles.tests.factories import make_vehicle

pytestmark = pytest.mark.django_db(transaction=True)  # the e-TBPKP is issued after the commit


def test_the_bill_page_links_the_etbpkp_for_the_payer_without_an_account(signing, client):
    vehicle = make_vehicle(plate="L 1234 AB", due_date=timezone.localdate() - timedelta(days=30),
                           stnk_valid_until=date(2099, 1, 1))
    bill = vehicle_bill_issue(vehicle=vehicle)
    payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="SBX-L1", amount=bill.total)
    receipt_issue_for_payment(payment_id=Payment.objects.get(bill=bill, status="posted").pk)
    etbpkp = etbpkp_for(bill.payment_code)
    assert etbpkp is not None
    page = client.get(f"/bayar/{bill.payment_code}/").content.decode()
    hrefs = re.findall(r'href="(/bayar/dokumen/[^"/]+/(\d+)/unduh/)"', page)
    assert {int(pk) for _href, pk in hrefs} >= {etbpkp.pk}, hrefs
    href = next(h for h, pk in hrefs if int(pk) == etbpkp.pk)
    assert "L1234AB" not in href and "L 1234 AB" not in href
    response = client.get(href)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
