"""The demo seeder: SIM Keliling visits, and a passport check with exactly one difference;
running it twice changes nothing."""

from __future__ import annotations

import pytest

from balai.appointments.models import BookableService
from balai.civil.demo import WIFE, seed_demo_family
from balai.mobility import readiness
from balai.mobility.booking import SIM_KIND
from balai.mobility.demo import VISITS, seed_demo_mobility
from balai.mobility.models import DrivingLicence

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_schedule_and_one_inconsistency(make_citizen):
    seed_demo_family([])
    citizen = make_citizen(username="warga", nik=WIFE["nik"], full_name=WIFE["full_name"], identity="verified")
    for _ in range(2):
        seed_demo_mobility([])
    assert BookableService.objects.filter(kind=SIM_KIND).count() == len(VISITS)
    assert DrivingLicence.objects.filter(owner=citizen).count() == 1
    check = readiness.passport_readiness(citizen)
    assert [c.code for c in check.problems] == ["kk_birth_place"]
