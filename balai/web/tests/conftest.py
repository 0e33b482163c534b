"""The cast shared by the access-matrix, cross-account and input-abuse tests: one account per role
(citizens A and B, officers inside and outside the jurisdiction, a supervisor, agents of two
service points, an administrator), each with a client logged in through the real views."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from balai.conftest import totp_code

STAFF = {
    "officer_in": dict(role="officer", jurisdiction=("3578",)),
    "officer_out": dict(role="officer", jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang"),
    "supervisor": dict(role="supervisor", jurisdiction=("3578",)),
    "agent_x": dict(role="agent", jurisdiction=("3578",)),
    "agent_y": dict(role="agent", jurisdiction=("3578",)),
    "admin": dict(role="admin", jurisdiction=()),
}


def _attach_agents(users: dict) -> dict:
    """Agent X and agent Y each work at their own service point, supervised by the supervisor."""
    from balai.partners.services.points import agent_attach, point_create

    points = {}
    for name in ("agent_x", "agent_y"):
        point = point_create(by=users["supervisor"], name=f"Koppontren {name}", village_code="3578081001",
                             address="Jl. Pesantren 1", contact_name="Pengurus", contact_phone="081200000000",
                             samsat_unit="UPT PPD Surabaya Timur", cash_limit=10_000_000, bank_name="Bank Jatim",
                             bank_account_number="0011223344", bank_account_name="Koppontren",
                             supervisor=users["supervisor"])
        agent_attach(user=users[name], point=point, by=users["supervisor"])
        points[name] = point
    return points


@pytest.fixture
def cast(make_citizen, make_staff):
    """Users, clients and service points by role name (``cast.users["citizen_a"]``, ``cast.clients[...]``)."""
    users = {"citizen_a": make_citizen(full_name="Siti Aminah"),
             "citizen_b": make_citizen(full_name="Bambang Wijaya")}
    clients: dict[str, Client] = {"anonymous": Client()}
    for name in ("citizen_a", "citizen_b"):
        clients[name] = Client()
        clients[name].force_login(users[name])
    users.update({name: make_staff(**kwargs) for name, kwargs in STAFF.items()})
    points = _attach_agents(users)
    for name in STAFF:
        user = users[name]
        client = Client()
        client.post("/masuk/", {"username": user.username, "password": user.raw_password})
        response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
        assert response.status_code == 302, name
        clients[name] = client
    return SimpleNamespace(users=users, clients=clients, points=points)


@pytest.fixture
def clients(cast):
    """One logged-in client per role of access_matrix.ROLES."""
    return cast.clients
