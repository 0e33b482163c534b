import pytest

from balai.cases.demo import seed_demo_cases
from balai.cases.models import Application, State
from balai.core.demo import _seeders

pytestmark = pytest.mark.django_db


def test_demo_seeder_is_registered_and_idempotent(make_citizen, make_staff):
    assert any(name == "cases" for _, name, _ in _seeders)
    citizen = make_citizen(username="warga")
    officer = make_staff(username="petugas")
    first = seed_demo_cases([])
    assert len(first) == 2 and all("PIN" in line for line in first)
    second = seed_demo_cases([])
    assert all("already present" in line for line in second)
    apps = Application.objects.filter(applicant=citizen)
    assert apps.count() == 2
    assert {a.state for a in apps} == {State.SUBMITTED, State.IN_REVIEW}
    assert apps.get(state=State.IN_REVIEW).assignee == officer
    assert all(a.office.name == "Dispendukcapil Kota Surabaya" for a in apps)
