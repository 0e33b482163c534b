"""Golden flow and rules of birth registration (REFERENCE §1.1, §2.5)."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.civil.models import BirthRecord, FamilyCardVersion, Membership, RecordStatus, Relationship
from balai.civil.services import PersonData, RegisterError, birth_register

MARCH_5 = dt.date(2026, 3, 5)


def girl(wife, head, **kw) -> PersonData:
    data = {"full_name": "Aisyah Putri", "sex": "F", "birth_place": "Surabaya", "birth_date": MARCH_5,
            "religion": "islam", "mother_id": wife.pk, "father_id": head.pk}
    data.update(kw)
    return PersonData(**data)


def test_golden_girl_born_5_march_2026_in_gubeng(family):
    # given a family in Surabaya on version 1 of its card
    card, head, wife = family
    kk_before = card.kk_number
    # when her birth is registered in Kecamatan Gubeng (35.78.08) on 20 March 2026
    outcome = birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                             registered_on=dt.date(2026, 3, 20))
    # then her NIK starts 357808 · 45 (5 + 40) · 03 · 26 and the card gains her as Anak in v2
    assert outcome.child.nik.startswith("357808450326")
    assert len(outcome.child.nik) == 16 and outcome.child.nik.endswith("0001")
    card.refresh_from_db()
    assert card.kk_number == kk_before
    assert card.current_version == 2
    assert outcome.version.number == 2
    membership = Membership.objects.get(person=outcome.child, is_active=True)
    assert membership.family_card == card and membership.relationship == Relationship.CHILD
    members = [m["full_name"] for m in outcome.version.snapshot["members"]]
    assert members == ["Sutrisno", "Siti Aminah", "Aisyah Putri"]
    v1 = FamilyCardVersion.objects.get(family_card=card, number=1)
    assert [m["full_name"] for m in v1.snapshot["members"]] == ["Sutrisno", "Siti Aminah"]
    assert outcome.record.registration_number.startswith("3578-LU-20032026-")
    assert outcome.child.mother_name == "Siti Aminah" and outcome.child.father_name == "Sutrisno"


def test_second_girl_same_day_gets_next_serial(family):
    card, head, wife = family
    first = birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                           registered_on=dt.date(2026, 3, 20))
    twin = birth_register(card=card, child=girl(wife, head, full_name="Zahra"), district_code="357808", by=None,
                          registered_on=dt.date(2026, 3, 20))
    # twins share mother and birth date: the second waits for an officer (rule same_mother_birth_date)
    assert first.child.nik.endswith("0001")
    assert twin.held and twin.child.record_status == RecordStatus.HELD
    assert twin.child.nik.endswith("0002")


def test_late_registration_needs_head_decision_and_no_fine(family):
    card, head, wife = family
    with pytest.raises(RegisterError) as err:
        birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                       registered_on=MARCH_5 + dt.timedelta(days=61))
    assert err.value.code == "late_decision_required"
    on_deadline = birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                                 registered_on=MARCH_5 + dt.timedelta(days=60))
    assert not on_deadline.record.is_late


def test_late_registration_with_decision(family):
    card, head, wife = family
    outcome = birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                             registered_on=dt.date(2026, 9, 1), late_decision="Keputusan Kadis No. 470/12/2026")
    record = outcome.record
    assert record.is_late and "LT" in record.registration_number
    assert "470/12/2026" in record.note


def test_mother_only_without_marriage_evidence(family):
    card, head, wife = family
    outcome = birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                             registered_on=dt.date(2026, 3, 20), marriage_evidence=False)
    assert outcome.record.mother_only
    assert outcome.child.father_name == "" and outcome.child.father is None


def test_marriage_by_sptjm_is_noted(family):
    card, head, wife = family
    outcome = birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                             registered_on=dt.date(2026, 3, 20), marriage_evidence=False, marriage_by_sptjm=True)
    assert not outcome.record.mother_only and outcome.record.marriage_by_sptjm
    assert "belum tercatat" in outcome.record.note
    assert BirthRecord.objects.count() == 1


def test_future_birth_refused(family):
    card, head, wife = family
    with pytest.raises(RegisterError):
        birth_register(card=card, child=girl(wife, head), district_code="357808", by=None,
                       registered_on=dt.date(2026, 3, 1))
