"""Role × route access matrix.

Every URL pattern of the project is requested by every role, and the outcome (allowed: the view
ran; denied: 401/403/404 or a redirect to the login page) is compared with the expected table in
``access_matrix.py``. A route without an entry fails the test, so a new page cannot ship without
someone deciding who may open it. Object-level scope (another account's case, bill, document…)
is covered by the cross-account tests; here object routes get identifiers that exist for nobody.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

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
