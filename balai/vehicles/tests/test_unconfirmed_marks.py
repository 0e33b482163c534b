"""A line computed with a rule row flagged ``unconfirmed`` says so (engine detail, worded basis,
simulator legend); a line computed only with confirmed rows does not. The flag is data: an
officer who confirms or unconfirms a row changes the mark."""

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from django.conf import settings
from django.utils import translation

from balai.vehicles import display, engine
from balai.vehicles.engine import VehicleFacts, assess, assess_bbnkb
from balai.vehicles.models import BaseRelief, PkbRate
from balai.vehicles.rules import rules_load

BIKE = VehicleFacts(category="motorcycle", cc=125, use="private", njkb=15_000_000)
NOTE_ID = "Angka ini belum terkonfirmasi dari teks peraturan; dapat diubah petugas."
NOTE_EN = "This figure is not yet confirmed against the regulation's text; officers can change it."


@pytest.fixture(autouse=True)
def _page_language_reset():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _lines(rules, due, pay=None, facts=BIKE) -> dict[str, engine.Line]:
    return {line.code: line for line in assess(facts, due_date=due, pay_date=pay or due, rules=rules).lines}


@pytest.mark.django_db
def test_2024_rate_is_confirmed_and_2025_rate_is_not(rules):
    before = _lines(rules, date(2024, 3, 1))[engine.PKB]
    after = _lines(rules, date(2025, 3, 1))[engine.PKB]
    assert not before.detail.get("unconfirmed")
    assert NOTE_ID not in display.basis(before)
    assert after.detail["unconfirmed"] is True  # 2025 PkbRate rows (and the DERIVED relief) are unconfirmed
    assert display.basis(after).endswith(". " + NOTE_ID)
    with translation.override("en"):
        assert display.basis(after).endswith(". " + NOTE_EN)
        assert NOTE_EN not in display.basis(before)
    # the amounts are those of the rows, whatever the flag
    assert before.amount == 225_000


@pytest.mark.django_db
def test_the_mark_follows_the_rows_flag(rules):
    PkbRate.objects.filter(valid_to=date(2025, 1, 4)).update(unconfirmed=True)
    PkbRate.objects.filter(valid_from=date(2025, 1, 5)).update(unconfirmed=False)
    BaseRelief.objects.filter(tax="pkb").update(unconfirmed=False)
    changed = rules_load()
    assert _lines(changed, date(2024, 3, 1))[engine.PKB].detail["unconfirmed"] is True
    after = _lines(changed, date(2025, 3, 1))[engine.PKB]
    assert "relief" in after.detail and not after.detail.get("unconfirmed")
    # only the relief unconfirmed is enough
    BaseRelief.objects.filter(tax="pkb", ownership_order=1, valid_from=date(2025, 1, 5)).update(unconfirmed=True)
    assert _lines(rules_load(), date(2025, 3, 1))[engine.PKB].detail["unconfirmed"] is True


def test_engine_marks_from_any_row_it_used_without_a_database(rules):
    """The engine alone (rule objects, no query): one row flagged in a copy of the rule set; bobot,
    opsen and tariff rows each count."""
    due = date(2024, 3, 1)
    bobots = [replace(b, unconfirmed=True) if b.category == "motorcycle" else b for b in rules.bobots]
    flagged = replace(rules, bobots=bobots, _plans={})
    assert not _lines(rules, due)[engine.PKB].detail.get("unconfirmed")
    assert _lines(flagged, due)[engine.PKB].detail["unconfirmed"] is True
    assert not _lines(flagged, due)[engine.SWDKLLJ].detail.get("unconfirmed")
    tariffs = [replace(t, unconfirmed=True) for t in rules.swdkllj_tariffs]
    assert _lines(replace(rules, swdkllj_tariffs=tariffs, _plans={}), due)[engine.SWDKLLJ].detail["unconfirmed"]
    due = date(2026, 3, 1)
    assert not _lines(rules, due)[engine.OPSEN].detail.get("unconfirmed")
    opsen = [replace(o, unconfirmed=True) for o in rules.opsen_rates]
    assert _lines(replace(rules, opsen_rates=opsen, _plans={}), due)[engine.OPSEN].detail["unconfirmed"] is True
    assert replace(rules.pkb_rates[0], unconfirmed=False).unconfirmed is False
    # a rule built positionally, as tests do, is confirmed by default
    assert engine.Bobot("x", due, None, "reg", "motorcycle", Fraction(1)).unconfirmed is False


@pytest.mark.django_db
def test_swdkllj_late_fee_brackets(rules):
    due = date(2024, 3, 1)
    early = _lines(rules, due, date(2024, 3, 31))[engine.SWDKLLJ_PENALTY]  # 25 %: confirmed
    late = _lines(rules, due, date(2024, 10, 1))[engine.SWDKLLJ_PENALTY]  # 214 days, 75 %: assumed bracket
    assert early.detail["rate"] == Fraction(1, 4) and not early.detail.get("unconfirmed")
    assert late.detail["rate"] == Fraction(3, 4) and late.detail["unconfirmed"] is True
    assert NOTE_ID in display.basis(late) and NOTE_ID not in display.basis(early)


@pytest.mark.django_db
def test_tow_truck_bobot_and_tariff(rules):
    truck = VehicleFacts(category="tow_truck", cc=4000, use="private", njkb=300_000_000)
    lines = _lines(rules, date(2024, 3, 1), facts=truck)
    assert lines[engine.PKB].detail["unconfirmed"] is True
    assert lines[engine.SWDKLLJ].detail["unconfirmed"] is True


@pytest.mark.django_db
def test_penalty_lines_carry_the_mark_once_in_words(rules):
    due = date(2021, 3, 1)
    capped = assess(BIKE, due_date=due, pay_date=engine.add_months(due, 30), rules=rules)
    penalty = next(line for line in capped.lines if line.code == engine.PKB_PENALTY and line.due_date == due)
    assert penalty.detail["unconfirmed"] is True  # the penalty rule rows are unconfirmed
    text = display.basis(penalty)
    assert text.count(NOTE_ID) == 1 and ".." not in text
    assert "Batas bulan ini belum terkonfirmasi dari teks peraturan. " + NOTE_ID in text


@pytest.mark.django_db
def test_bbnkb_rate_and_relief(rules):
    def bbnkb(transfer, day):
        return {line.code: line for line in assess_bbnkb(njkb=20_000_000, transfer=transfer, day=day,
                                                         regency_code="3578", rules=rules).lines}

    first = bbnkb(engine.FIRST_TRANSFER, date(2026, 3, 15))
    assert first[engine.BBNKB].detail["unconfirmed"] is True  # 12 %: unconfirmed
    assert not first[engine.OPSEN_BBNKB].detail.get("unconfirmed")  # opsen 66 %: confirmed
    later = bbnkb(engine.LATER_TRANSFER, date(2026, 3, 15))
    assert later[engine.BBNKB].amount == 0 and not later[engine.BBNKB].detail.get("unconfirmed")
    with_relief = bbnkb(engine.LATER_TRANSFER, date(2025, 3, 15))  # 0 % but the DERIVED relief was applied
    assert with_relief[engine.BBNKB].detail["unconfirmed"] is True


@pytest.mark.django_db
def test_simulator_legend_only_when_a_line_is_unconfirmed(client):
    query = {"category": "motorcycle", "cc": 125, "njkb": 15_000_000, "use": "private", "ownership_order": 1,
             "due_date": "2024-03-01", "pay_date": "2024-03-01", "regency_code": "3578"}
    confirmed = client.get("/pkb/simulasi/", query).content.decode()
    assert "Hasil simulasi" in confirmed and 'id="unconfirmed-rules"' not in confirmed
    assert NOTE_ID not in confirmed
    unconfirmed = client.get("/pkb/simulasi/", {**query, "due_date": "2025-03-01", "pay_date": "2025-03-01"})
    text = unconfirmed.content.decode()
    assert 'id="unconfirmed-rules"' in text and NOTE_ID in text
    client.cookies["django_language"] = "en"
    english = client.get("/pkb/simulasi/", {**query, "due_date": "2025-03-01", "pay_date": "2025-03-01"})
    text = english.content.decode().replace("&#x27;", "'")
    assert NOTE_EN in text
    assert "Some figures above were computed with rules not yet confirmed" in text
    bbnkb = client.get("/pkb/simulasi/", {"bbnkb-njkb": 20_000_000, "bbnkb-transfer": "first",
                                          "bbnkb-transfer_date": "2026-03-15", "bbnkb-regency_code": "3578"})
    assert 'id="bbnkb-unconfirmed-rules"' in bbnkb.content.decode()
