"""Role × route access matrix (issue #9).

Every URL pattern of the project is requested by every role, and the outcome (allowed: the view
ran; denied: 401/403/404 or a redirect to the login page) is compared with the expected table in
``access_matrix.py``. A route without an entry fails the test, so a new page cannot ship without
someone deciding who may open it. Object-level scope (another account's case, bill, document…)
is covered by the cross-account tests; here object routes get identifiers that exist for nobody.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from balai.conftest import totp_code

from .access_matrix import EXPECTED, POLICIES, ROLES, SAMPLE_ARGS

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p


def project_routes() -> list[tuple[str, str]]:
    routes = []
    for route, name, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or route.startswith("^static") or name is None:
            continue
        routes.append((route, name))
    return routes


def _concrete(route: str) -> str:
    path = route.lstrip("^").rstrip("$")
    for placeholder, value in SAMPLE_ARGS.items():
        path = path.replace(placeholder, value)
    assert "<" not in path and "(?P" not in path, f"no sample value for a parameter of {route}"
    return "/" + path


def _outcome(response) -> str:
    if response.status_code in (401, 403, 404):
        return "deny"
    if response.status_code in (301, 302, 303) and "/masuk/" in response.get("Location", ""):
        return "deny"
    return "allow"


@pytest.fixture
def clients(make_citizen, make_staff):
    """One logged-in client per role, logged in through the real views (password, then TOTP)."""
    made: dict[str, Client] = {"anonymous": Client()}
    for name, user in (("citizen_a", make_citizen()), ("citizen_b", make_citizen())):
        client = Client()
        client.force_login(user)
        made[name] = client
    staff = {
        "officer_in": dict(role="officer", jurisdiction=("3578",)),
        "officer_out": dict(role="officer", jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang"),
        "supervisor": dict(role="supervisor", jurisdiction=("3578",)),
        "agent_x": dict(role="agent", jurisdiction=("3578",)),
        "agent_y": dict(role="agent", jurisdiction=("3578",)),
        "admin": dict(role="admin", jurisdiction=()),
    }
    users = {name: make_staff(**kwargs) for name, kwargs in staff.items()}
    _attach_agents(users)
    for name, user in users.items():
        client = Client()
        client.post("/masuk/", {"username": user.username, "password": user.raw_password})
        response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
        assert response.status_code == 302, name
        made[name] = client
    return made


def _attach_agents(users: dict) -> None:
    """Agent X and agent Y each work at their own service point, supervised by the supervisor."""
    from balai.partners.services.points import agent_attach, point_create

    for name in ("agent_x", "agent_y"):
        point = point_create(by=users["supervisor"], name=f"Koppontren {name}", village_code="3578081001",
                             address="Jl. Pesantren 1", contact_name="Pengurus", contact_phone="081200000000",
                             samsat_unit="UPT PPD Surabaya Timur", cash_limit=10_000_000, bank_name="Bank Jatim",
                             bank_account_number="0011223344", bank_account_name="Koppontren",
                             supervisor=users["supervisor"])
        agent_attach(user=users[name], point=point, by=users["supervisor"])


def test_every_route_has_an_entry():
    missing = sorted({name for _route, name in project_routes()} - set(EXPECTED))
    assert missing == [], f"routes without an access decision in access_matrix.py: {missing}"
    stale = sorted(set(EXPECTED) - {name for _route, name in project_routes()})
    assert stale == [], f"entries for routes that no longer exist: {stale}"


def test_role_by_route_matrix(clients):
    unexpected_allow, unexpected_deny, checked = [], [], 0
    for route, name in project_routes():
        method, policy = EXPECTED[name]
        allowed = POLICIES[policy]
        path = _concrete(route)
        cache.clear()  # rate limits (e.g. public tracking) would otherwise answer 429 mid-matrix
        for role in ROLES:
            client = clients[role]
            if method == "GET":
                response = client.get(path)
            else:
                # with an Idempotency-Key, so the probe gets past that check to the role check
                response = client.post(path, data={}, content_type="application/json",
                                       HTTP_IDEMPOTENCY_KEY=f"probe-{role}-{name}")
            got = _outcome(response)
            checked += 1
            if got == "allow" and role not in allowed:
                unexpected_allow.append((name, role, response.status_code))
            elif got == "deny" and role in allowed:
                unexpected_deny.append((name, role, response.status_code))
    print(f"access matrix: {checked} route × role checks")
    assert unexpected_allow == [], f"UNEXPECTED ALLOW: {unexpected_allow}"
    assert unexpected_deny == [], f"unexpected deny: {unexpected_deny}"
