"""Passport and SIM readiness from Balai's own records."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.cases.models import Application, State
from balai.cases.selectors import current_version
from balai.cases.services import application_create
from balai.civil.services import person_change_data
from balai.mobility import readiness, services
from balai.mobility.models import CertificateKind, DrivingLicence, LicenceClass, LicenceStatus

from .factories import mismatched_family

pytestmark = pytest.mark.django_db


def _problems(check):
    return {c.code: c for c in check.checks if not c.ok}


def test_a_kk_name_differing_from_the_birth_certificate_is_flagged(make_citizen):
    # given: the KK prints "Siti Aminah", the akta the citizen holds says "Siti Aminatun"
    card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, full_name=wife.full_name, identity="verified")
    services.certificate_save(owner=citizen, kind=CertificateKind.BIRTH, number="3578-LU-05121999-0001",
                              full_name="SITI AMINATUN", birth_place="Surabaya", birth_date=wife.birth_date)
    # when
    check = readiness.passport_readiness(citizen)
    # then: exactly one difference, the KK's name, fixed by the KK data change
    assert not check.ready
    assert set(_problems(check)) == {"kk_full_name"}
    problem = _problems(check)["kk_full_name"]
    assert problem.fix_service == "kk-perubahan-data" and problem.pending == []
    kk = next(d for d in check.documents if d.code == "kk")
    assert kk.values["full_name"] == "Siti Aminah"


def test_the_check_turns_green_once_the_kk_is_reissued(make_citizen):
    card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, full_name=wife.full_name, identity="verified")
    services.certificate_save(owner=citizen, kind=CertificateKind.BIRTH, number="AKL-1", full_name="Siti Aminatun",
                              birth_place="Surabaya", birth_date=wife.birth_date)
    # what an approved "KK karena perubahan data" does: change the element, print the card again
    person_change_data(person=wife, changes={"occupation": "Guru"}, by=None)
    check = readiness.passport_readiness(citizen)
    assert check.ready, _problems(check)


def test_an_open_case_of_the_fixing_service_is_named_on_the_problem(make_citizen):
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, full_name=wife.full_name, identity="verified")
    app = application_create(version=current_version("kk-perubahan-data"), by=citizen,
                             data={"nik_anggota": wife.nik, "elemen": "pekerjaan", "nilai_baru": "Guru"}).application
    Application.objects.filter(pk=app.pk).update(state=State.SUBMITTED)
    check = readiness.passport_readiness(citizen)
    assert _problems(check)["kk_full_name"].pending == [app.tracking_number]


def test_without_a_certificate_the_kk_is_compared_with_the_ktp_el(make_citizen):
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, full_name=wife.full_name, identity="verified")
    problems = _problems(readiness.passport_readiness(citizen))
    assert set(problems) == {"certificate_present", "kk_full_name"}


def test_a_birth_registered_in_balai_is_the_certificate(make_citizen):
    card, head, wife = mismatched_family()
    # the head's birth is in Balai's register under the corrected name; his KK row is older
    from balai.civil.models import BirthRecord

    BirthRecord.objects.create(registration_number="3578-LU-17081985-0001", child=head, family_card=card,
                               family_card_version=1, district_code="357808", regency_code="3578",
                               registered_on=dt.date(1985, 8, 20))
    person_change_data(person=head, changes={"birth_place": "Sidoarjo"}, by=None, reissue=False)
    citizen = make_citizen(nik=head.nik, full_name=head.full_name, identity="verified")
    problems = _problems(readiness.passport_readiness(citizen))
    assert set(problems) == {"kk_birth_place"}


def test_identity_levels_decide_what_the_check_shows(make_citizen):
    _card, _head, wife = mismatched_family()
    claimed = make_citizen(nik=wife.nik, identity="claimed")
    assert readiness.passport_readiness(claimed).available is False
    assert readiness.passport_readiness(claimed).documents == []
    matched = make_citizen(nik=wife.nik, identity="matched")
    check = readiness.passport_readiness(matched)
    assert check.level == "matched" and "kk_full_name" in _problems(check)
    values = next(d for d in check.documents if d.code == "kk").values
    assert "Aminah" not in values["full_name"] and values["birth_date"] == "••"


def _licence(owner, *, issued: dt.date, code: str = "A", status: str = LicenceStatus.CONFIRMED) -> DrivingLicence:
    return DrivingLicence.objects.create(owner=owner, licence_class=LicenceClass.objects.get(code=code),
                                         number="123456789012", issued_on=issued, status=status)


def test_sim_ready_to_renew_online_inside_the_window(make_citizen, settings):
    settings.MOBILITY_SIM_RENEWAL_WINDOW_DAYS = 90
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, identity="matched")
    licence = _licence(citizen, issued=dt.date(2022, 2, 10))
    before = readiness.sim_readiness(citizen, licence, today=dt.date(2026, 11, 11))
    assert before.route == readiness.WAIT and before.window_opens == dt.date(2026, 11, 12)
    inside = readiness.sim_readiness(citizen, licence, today=dt.date(2026, 11, 12))
    assert inside.ready and inside.route == readiness.ONLINE
    assert inside.fee.amount == 80000 and "PP 76/2020" in inside.fee.regulation


def test_an_expired_sim_takes_the_new_sim_route_with_the_new_fee(make_citizen):
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, identity="matched")
    licence = _licence(citizen, issued=dt.date(2022, 2, 10), code="C")
    check = readiness.sim_readiness(citizen, licence, today=dt.date(2027, 2, 11))
    assert check.route == readiness.NEW_SIM and check.fee.amount == 100000
    assert {c.code for c in check.checks if not c.ok} == {"not_expired"}


def test_a_class_sinar_does_not_renew_goes_in_person_and_ktp_is_required(make_citizen):
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, identity="matched")
    licence = _licence(citizen, issued=dt.date(2022, 2, 10), code="BI_UMUM")
    assert readiness.sim_readiness(citizen, licence, today=dt.date(2027, 1, 1)).route == readiness.IN_PERSON
    unmatched = make_citizen(identity="claimed")
    other = _licence(unmatched, issued=dt.date(2022, 2, 10))
    check = readiness.sim_readiness(unmatched, other, today=dt.date(2027, 1, 1))
    assert check.route == readiness.WAIT and {c.code for c in check.checks if not c.ok} == {"ktp_el"}
