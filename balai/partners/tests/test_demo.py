"""The demo seeder: a pesantren point in Surabaya, agent 'agen', supervisor 'supervisor'; idempotent."""

import pytest

from balai.partners.demo import seed_demo_point
from balai.partners.models import Agent, PointKind, ServicePoint


@pytest.mark.django_db
def test_seed_demo_point_is_idempotent(make_staff):
    supervisor = make_staff(role="supervisor", username="supervisor")
    make_staff(role="agent", username="agen")
    first = list(seed_demo_point([]))
    second = list(seed_demo_point([]))
    assert first == second
    point = ServicePoint.objects.get()
    assert point.name == "Koppontren Pondok Pesantren Al-Hikmah" and point.kind == PointKind.PESANTREN
    assert point.regency_code == "3578" and point.supervisor == supervisor
    assert Agent.objects.get(user__username="agen").point == point
