"""A SIM's validity per class (REFERENCE §5.1: 5 years, the international SIM 3) through every
caller — expiry, readiness, reminders — and the fees page: the SPLP rows of PP 45/2024 (§5.2), each
row's regulation and the unconfirmed flag."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balai.mobility import notices, readiness, rules, selectors
from balai.mobility.models import (
    DrivingLicence,
    LicenceClass,
    LicenceStatus,
    PassportFee,
    PassportItem,
    SimFee,
)
from balai.mobility.rules import SimPhase
from balai.notifications.models import Notification

from .factories import mismatched_family

DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


def test_an_international_sim_issued_10_february_2022_expires_10_february_2025():
    assert rules.sim_expiry(dt.date(2022, 2, 10), 3) == dt.date(2025, 2, 10)
    assert rules.sim_expiry(dt.date(2022, 2, 10)) == dt.date(2027, 2, 10)  # the default stays 5 years
    assert rules.sim_expiry(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert rules.sim_phase(dt.date(2022, 2, 10), dt.date(2025, 2, 10), 90, 3) == SimPhase.RENEWABLE
    assert rules.sim_phase(dt.date(2022, 2, 10), dt.date(2025, 2, 11), 90, 3) == SimPhase.EXPIRED
    assert rules.sim_reminder_dates(dt.date(2022, 2, 10), (90, 14), 3) == [dt.date(2024, 11, 12),
                                                                        dt.date(2025, 1, 27)]


def test_the_issue_dates_ending_on_28_february_include_29_february():
    assert rules.sim_issue_dates(dt.date(2027, 2, 28), 3) == [dt.date(2024, 2, 28), dt.date(2024, 2, 29)]
    assert rules.sim_issue_dates(dt.date(2029, 2, 28), 5) == [dt.date(2024, 2, 28), dt.date(2024, 2, 29)]
    assert rules.sim_issue_dates(dt.date(2027, 3, 1), 3) == [dt.date(2024, 3, 1)]


@given(DATES, st.sampled_from([3, 5]))
def test_the_issue_dates_are_exactly_those_expiring_on_the_day(issued, years):
    expiry = rules.sim_expiry(issued, years)
    found = rules.sim_issue_dates(expiry, years)
    assert issued in found and all(rules.sim_expiry(d, years) == expiry for d in found)
    assert expiry.year - issued.year == years


def _licence(owner, code: str, issued: dt.date, number: str = "123456789012") -> DrivingLicence:
    return DrivingLicence.objects.create(owner=owner, licence_class=LicenceClass.objects.get(code=code),
                                         number=number, issued_on=issued, status=LicenceStatus.CONFIRMED)


@pytest.mark.django_db
def test_the_classes_carry_their_validity_and_its_regulation():
    rows = {c.code: (c.validity_years, c.validity_regulation) for c in LicenceClass.objects.all()}
    assert rows.pop("INTL") == (3, "Perpol 5/2021")
    assert len(rows) == 11 and set(rows.values()) == {(5, "Perpol 5/2021 Pasal 4")}


@pytest.mark.django_db
def test_an_international_sim_expires_after_3_years_everywhere(make_citizen, settings):
    settings.MOBILITY_SIM_RENEWAL_WINDOW_DAYS = 90
    settings.MOBILITY_SIM_REMINDER_DAYS = (90, 14)
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, identity="matched")
    intl = _licence(citizen, "INTL", dt.date(2022, 2, 10))
    car = _licence(citizen, "A", dt.date(2022, 2, 10), number="999988887777")
    assert intl.expires_on == dt.date(2025, 2, 10) and car.expires_on == dt.date(2027, 2, 10)
    check = readiness.sim_readiness(citizen, intl, today=dt.date(2025, 2, 11))
    assert check.expires_on == dt.date(2025, 2, 10) and check.phase == SimPhase.EXPIRED
    assert check.route == readiness.NEW_SIM and check.fee.amount == 250000
    inside = readiness.sim_readiness(citizen, intl, today=dt.date(2024, 11, 12))
    assert inside.phase == SimPhase.RENEWABLE and inside.window_opens == dt.date(2024, 11, 12)
    found = selectors.reminders_for(citizen, today=dt.date(2024, 1, 1), now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert {r.on for r in found if "Internasional" in r.text} == {dt.date(2024, 11, 12), dt.date(2025, 1, 27)}
    assert {r.on for r in found if "SIM A " in r.text} == {dt.date(2026, 11, 12), dt.date(2027, 1, 27)}


@pytest.mark.django_db
def test_reminders_of_an_international_sim_fire_before_its_3_year_expiry(make_citizen, settings,
                                                                         django_capture_on_commit_callbacks):
    settings.MOBILITY_SIM_REMINDER_DAYS = (90, 14)
    citizen = make_citizen()
    intl = _licence(citizen, "INTL", dt.date(2022, 2, 10))
    car = _licence(citizen, "A", dt.date(2022, 2, 10), number="999988887777")
    leap = _licence(citizen, "INTL", dt.date(2024, 2, 29), number="555566667777")
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.send_due_reminders(today=dt.date(2024, 11, 12)) == 1  # 90 days before 10 Feb 2025
        assert notices.send_due_reminders(today=dt.date(2025, 1, 27)) == 1  # 14 days before
        assert notices.send_due_reminders(today=dt.date(2026, 11, 12)) == 1  # SIM A: 90 days before 10 Feb 2027
        assert notices.send_due_reminders(today=dt.date(2027, 2, 14)) == 1  # 14 days before 28 Feb 2027
    sent = Notification.objects.filter(recipient=citizen)
    assert {(n.event, n.key) for n in sent} == {
        (notices.SIM_WINDOW, f"sim-{intl.pk}-2025-02-10-90"), (notices.SIM_LAST_CALL, f"sim-{intl.pk}-2025-02-10-14"),
        (notices.SIM_WINDOW, f"sim-{car.pk}-2027-02-10-90"), (notices.SIM_LAST_CALL, f"sim-{leap.pk}-2027-02-28-14")}


@pytest.mark.django_db
def test_the_splp_fees_are_rows_of_pp_45_2024():
    rows = {f.item: f for f in PassportFee.objects.filter(item__in=[PassportItem.SPLP_CITIZEN,
                                                                   PassportItem.SPLP_FOREIGNER])}
    assert rows[PassportItem.SPLP_CITIZEN].amount == 100000 and rows[PassportItem.SPLP_FOREIGNER].amount == 150000
    assert all(r.regulation.startswith("PP 45/2024") and r.valid_from == dt.date(2024, 12, 17)
               and not r.unconfirmed for r in rows.values())


@pytest.mark.django_db
def test_the_fees_page_shows_splp_and_the_validity_per_class(client):
    html = client.get("/sim-paspor/tarif/").content.decode()
    assert 'id="passport-fee-splp_wni"' in html and 'id="passport-fee-splp_wna"' in html
    row = html[html.index('id="passport-fee-splp_wna"'):]
    assert "orang asing" in row[:row.index("</tr>")] and "Rp 150.000" in row[:row.index("</tr>")]
    assert "SIM Internasional: 3 tahun (Perpol 5/2021)" in html
    assert "golongan lainnya: 5 tahun (Perpol 5/2021 Pasal 4)" in html
    assert 'class="cite"' not in html  # one regulation per table: named once under it
    client.cookies["django_language"] = "en"
    english = client.get("/sim-paspor/tarif/").content.decode()
    assert "SPLP (travel document in lieu of a passport) for a foreigner" in english
    assert "International driving licence: 3 years (Police Regulation (Perpol) 5/2021)" in english


@pytest.mark.django_db
def test_an_edited_citation_of_one_row_shows_beside_that_row(client):
    changed = SimFee.objects.get(licence_class__code="C", kind="renewal")
    SimFee.objects.filter(pk=changed.pk).update(regulation="PP 76/2020 sebagaimana diubah (contoh)")
    PassportFee.objects.filter(item=PassportItem.SPLP_FOREIGNER).update(unconfirmed=True)
    html = client.get("/sim-paspor/tarif/").content.decode()
    listing = html[html.index('id="sim-regulations"'):]
    listing = listing[:listing.index("</ol>")]
    assert "<li>PP 76/2020 (PNBP Polri), lampiran: penerbitan SIM</li>" in listing
    assert "<li>PP 76/2020 sebagaimana diubah (contoh)</li>" in listing
    assert html.count('<sup class="cite">2</sup>') == 1 and html.count('<sup class="cite">1</sup>') == 23
    row = html[html.index('id="passport-fee-splp_wna"'):]
    assert "belum terkonfirmasi" in row[:row.index("</tr>")]
    other = html[html.index('id="passport-fee-splp_wni"'):]
    assert "belum terkonfirmasi" not in other[:other.index("</tr>")]


@pytest.mark.django_db
def test_the_passport_readiness_page_lists_passports_not_splp(client, make_citizen):
    _card, _head, wife = mismatched_family()
    client.force_login(make_citizen(nik=wife.nik, identity="verified"))
    html = client.get("/sim-paspor/paspor/kesiapan/").content.decode()
    assert "Rp 950.000" in html and "SPLP" not in html
