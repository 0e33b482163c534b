"""Fixtures of the partners tests: beneficiary accounts back after flushes, a point with an agent."""

from __future__ import annotations

import pytest

from balai.conftest import put_back_beneficiaries


@pytest.fixture(autouse=True)
def _beneficiaries(request):
    put_back_beneficiaries(request)


@pytest.fixture
def supervisor(make_staff):
    return make_staff(role="supervisor", unit="UPT PPD Surabaya Timur")


@pytest.fixture
def point(supervisor):
    from .factories import make_point

    return make_point(supervisor)


@pytest.fixture
def agent(point, supervisor, make_staff):
    from balai.partners.services import agent_attach

    user = make_staff(role="agent", unit=point.name)
    return agent_attach(user=user, point=point, by=supervisor)


@pytest.fixture
def agent_client(client, agent):
    from balai.conftest import totp_code

    user = agent.user
    response = client.post("/masuk/", {"username": user.username, "password": "rahasia-petugas-123"})
    assert response.status_code == 302, response.content
    response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
    assert response.status_code == 302, response.content
    return client
