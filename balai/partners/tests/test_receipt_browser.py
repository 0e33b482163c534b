"""The agent's receipt page with a real PKB bill's long labels, at 360 and at 1280 px
(`new_page`), on screen and as printed on 58 mm paper: the layout check passes (no amount cut
one character a line, nothing clipped or off the page) and each amount sits on one line.
Screenshots: var/screenshots/08-receipt-long-*.png."""

import pytest

from balai.conftest import SCREENSHOT_DIR, layout_problems
from balai.partners.services import agent_attach, collection_record

from .factories import key, make_bill
from .test_browser import _login
from .test_receipt_pdf import LONG_LINES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMOUNT_LINES = """() => [...document.querySelectorAll('.slip .amount')].map(dd => {
  const r = document.createRange(); r.selectNodeContents(dd);
  return [dd.textContent.trim(), new Set([...r.getClientRects()].map(x => Math.round(x.top))).size];
})"""


def test_agent_receipt_keeps_amounts_whole_on_screen_and_in_print(new_page, axe, live_server, settings, signing,
                                                                   supervisor, point, make_staff):
    settings.PUBLIC_BASE_URL = live_server.url
    agent = agent_attach(user=make_staff(role="agent", unit=point.name), point=point, by=supervisor)
    collection = collection_record(agent_user=agent.user, payment_code=make_bill(lines=LONG_LINES).payment_code,
                                   idempotency_key=key()).collection
    page = new_page()
    _login(page, agent.user, f"/agen/kuitansi/{collection.pk}/")
    page.wait_for_load_state("networkidle")

    assert axe(page, "08-receipt-long") == []
    amounts = page.evaluate(AMOUNT_LINES)
    assert [text for text, _ in amounts] == ["Rp 135.542", "Rp 89.458", "Rp 18.976", "Rp 12.524", "Rp 35.000",
                                             "Rp 291.500"]
    assert all(lines == 1 for _, lines in amounts), amounts

    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOT_DIR / f"08-receipt-long-print-58mm-{new_page.width}.png"), full_page=True)
    assert layout_problems(page) == []
    assert all(lines == 1 for _, lines in page.evaluate(AMOUNT_LINES))
    # the slip is printed 48 mm wide (the printable width of 58 mm thermal paper)
    assert round(page.evaluate("document.querySelector('.slip').getBoundingClientRect().width") * 25.4 / 96) == 48
