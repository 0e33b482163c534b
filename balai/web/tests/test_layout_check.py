"""The layout check every browser journey runs (web/tests/layout_check.js, hooked in conftest's
`new_page` and `axe`) finds what it is meant to find, names the element, and lets through what a
class allows explicitly."""

import pytest

from balai.conftest import PHONE, layout_problems

pytestmark = pytest.mark.browser

CSS = """
body { margin: 0; font: 16px/1.4 sans-serif; }
.narrow { width: 40px; overflow-wrap: anywhere; }
.fits { width: 300px; }
.cut { width: 60px; overflow: hidden; white-space: nowrap; }
.scroller { width: 100px; overflow-x: auto; }
.wide { width: 600px; }
.stick { width: 30px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
"""


def _check(browser, body: str, viewport=PHONE) -> list[dict]:
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.set_content(f"<!doctype html><html><head><style>{CSS}</style></head><body>{body}</body></html>")
        return layout_problems(page)
    finally:
        context.close()


def _kinds(problems):
    return sorted({p["kind"] for p in problems})


def test_a_clean_page_has_no_problem(browser):
    body = ('<main><p class="fits">Rp 333.800 dibayar lunas</p><p class="fits">e-TBPKP / kuitansi</p>'
            '<p class="visually-hidden">Langsung ke isi halaman</p></main>')
    assert _check(browser, body) == []


def test_an_amount_broken_one_character_a_line_is_named(browser):
    problems = _check(browser, '<dl><dd class="narrow" id="total">Rp 333.800</dd></dl>')
    assert _kinds(problems) == ["amount-broken", "word-broken"]
    [problem] = [p for p in problems if p["kind"] == "word-broken"]
    assert problem["selector"] == "dd#total"
    assert problem["text"] == "333.800" and "its box has 40px" in problem["detail"]


def test_an_amount_split_between_rp_and_the_number_is_named(browser):
    [problem] = _check(browser, '<table><tr><td>Sanksi administratif opsen PKB</td>'
                                '<td id="amt" style="width: 40px">Rp 12.524</td></tr></table>')
    assert problem["kind"] == "amount-broken" and problem["text"] == "Rp 12.524"
    assert _check(browser, '<p style="width: 120px; white-space: nowrap">Rp 12.524</p>') == []
    # inside a sentence an amount may wrap like any words
    assert _check(browser, '<p style="width: 110px">Bayar tepat Rp 12.524 sebelum jatuh tempo.</p>') == []


def test_a_break_after_a_hyphen_is_not_a_broken_word(browser):
    assert _check(browser, '<p style="width: 100px">kendaraan-bermotor</p>') == []


def test_a_word_wider_than_its_box_sticks_out(browser):
    problems = _check(browser, '<div class="stick"><span>Rp&nbsp;1.234.567</span></div>')
    assert "text-overflows-box" in _kinds(problems)


def test_page_wider_than_a_phone_names_the_element(browser):
    problems = _check(browser, '<main><section><div class="wide" id="big">lebar</div></section></main>')
    overflow = [p for p in problems if p["kind"] == "page-overflow"]
    assert overflow and overflow[0]["selector"] == "div#big"
    assert "600px wide in a 360px viewport" in overflow[0]["detail"]


def test_text_clipped_by_overflow_hidden(browser):
    problems = _check(browser, '<p class="cut">Kabupaten Banyuwangi</p>')
    assert _kinds(problems) == ["text-clipped"] and problems[0]["selector"] == "body > p.cut"


def test_a_scrolling_box_needs_the_table_scroll_class(browser):
    table = '<table class="wide"><tr><td>Nomor</td><td>Uraian panjang</td></tr></table>'
    assert _kinds(_check(browser, f'<div class="scroller">{table}</div>')) == ["text-scrolls"]
    assert _check(browser, f'<div class="scroller table-scroll">{table}</div>') == []


def test_codes_marked_breakable_may_break_anywhere(browser):
    code = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert _kinds(_check(browser, f'<p class="narrow">{code}</p>')) == ["word-broken"]
    assert _check(browser, f'<p class="narrow breakable">{code}</p>') == []
