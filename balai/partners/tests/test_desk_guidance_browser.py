"""The agent desk as the agent sees it, at 360 and 1280 px, axe-audited; screenshots in
var/screenshots/08-desk-guidance-*.png: an empty search, a bill above the cash limit (refused before
any cash is taken), the language switch, the day's history in words."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.conftest import DESKTOP, PHONE
from balai.partners.services import agent_attach, collection_record, day_close, deposit_declare

from .factories import key, make_bill
from .test_browser import _login
from .test_desk_guidance import BIG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_desk_guidance(new_page, axe, supervisor, point, make_staff):
    viewports = [new_page.viewport] if hasattr(new_page, "viewport") else [PHONE, DESKTOP]
    problems = {}
    for viewport in viewports:
        width = viewport["width"]
        # an agent per run: a TOTP code is accepted once, so a second login needs another account
        agent = agent_attach(user=make_staff(role="agent", unit=point.name), point=point, by=supervisor)
        collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
        closing = day_close(by=agent.user)
        deposit_declare(closing=closing, by=agent.user, amount=260_000, bank_reference=f"BJS-{width}",
                        deposit_date=timezone.localdate())
        big = make_bill(lines=BIG)
        name = "08-desk-guidance-{}" + ("" if hasattr(new_page, "viewport") else f"-{width}")
        page = new_page(viewport=viewport)
        _login(page, agent.user, "/agen/")
        # an empty search: the message is at the field
        page.get_by_role("button", name="Cari tagihan").click()
        expect(page.locator("#kode-error")).to_have_text("Masukkan kode bayar.")
        problems[f"empty-{width}"] = axe(page, name.format("empty-code"))
        # a bill above the limit: refused when shown, no confirmation box to tick
        page.get_by_label("Kode bayar (14 angka)").fill(big.payment_code)
        page.get_by_role("button", name="Cari tagihan").click()
        expect(page.locator("main")).to_contain_text("melebihi batas tunai titik layanan")
        assert page.locator("#cash_received").count() == 0
        problems[f"over-limit-{width}"] = axe(page, name.format("over-limit"))
        # the day's history in words
        page.goto(f"/agen/setoran/{closing.pk}/")
        expect(page.locator("main")).to_contain_text("Setoran ke bank dicatat")
        problems[f"history-{width}"] = axe(page, name.format("history"))
        # the language switch in the bar
        page.get_by_role("button", name="EN").click()
        expect(page.locator("main")).to_contain_text("Bank deposit recorded")
        problems[f"history-en-{width}"] = axe(page, name.format("history-en"))
        page.goto("/agen/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        problems[f"desk-en-{width}"] = axe(page, name.format("desk-en"))
        page.get_by_role("button", name="ID").click()
        expect(page.locator("html")).to_have_attribute("lang", "id")
    assert {k: v for k, v in problems.items() if v} == {}
