"""Browser: the public fees page at 360 and 1280 px (axe and the layout check; screenshots in
var/screenshots/mobility-fees-*.png): the SPLP rows and an edited row's own regulation are visible."""

from __future__ import annotations

import pytest

from balai.mobility.models import PassportFee, PassportItem

from .factories import ensure_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_fees_page_shows_splp_and_each_rows_regulation(new_page, axe):
    ensure_rules()
    PassportFee.objects.filter(item=PassportItem.SPLP_FOREIGNER).update(
        regulation="PP 45/2024 (PNBP Ditjen Imigrasi), lampiran: SPLP", unconfirmed=True)
    page = new_page()
    page.goto("/sim-paspor/tarif/")
    splp = page.locator("#passport-fee-splp_wna").inner_text()
    assert "Rp 150.000" in splp and "belum terkonfirmasi" in splp
    assert "Rp 100.000" in page.locator("#passport-fee-splp_wni").inner_text()
    assert page.locator("#passport-regulations li").count() == 2
    assert "SIM Internasional: 3 tahun" in page.locator("#sim-validity").inner_text()
    violations = axe(page, "mobility-fees")
    assert violations == [], violations
