"""Every page has a way in (ARCHITECTURE invariant 9).

For each role, a client starts at the page the role lands on after signing in and follows only
links (``<a href>`` on the same site; no forms), like a person who never types an address. The
page routes it reaches are compared with the page routes the access matrix (``access_matrix.py``)
opens to that role. Every named route of the project must be listed here: a page to reach
(its roles come from the access matrix, or from ``OBJECT_PAGES`` for pages of one object), or
something that is not a page to reach by a link (``NOT_PAGES``, with the reason). A role may skip
a page it is allowed only with a reason in ``UNLINKED``. So a new page fails this test until an app
registers it in the shell (``balai.core.shell``: menu, home card, desk tool, public page) or links
it from a page that is reached, or someone writes down why it has no way in.

Every link followed must also work for the role that sees it: a link answering 4xx/5xx or
sending the role to the login page fails the test.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from .access_matrix import EXPECTED, POLICIES, app_tables
from .test_access_matrix import project_routes

pytestmark = pytest.mark.django_db

# crawl role → the access-matrix role whose rights it has
ROLES = {
    "anonymous": "anonymous",
    "citizen_verified": "citizen_a",  # verified identity (cast), with records: register entry, vehicle, cases…
    "citizen": "citizen_b",           # a citizen who just signed up (a fresh account, no records)
    "officer": "officer_in",
    "supervisor": "supervisor",
    "agent": "agent_x",
    "admin": "admin",
}
CITIZENS = {"citizen_verified", "citizen"}
STAFF = {"officer", "supervisor", "agent", "admin"}
EVERYONE = set(ROLES)

SIGNED_IN = EVERYONE - {"anonymous"}
_DOWNLOAD = "a file (PDF, CSV, image) a page links to, not a page"

# Routes that are not pages to reach by following a link, and why. Besides these, every route under
# api/ (the REST API) and every route the access matrix probes with POST (a form's target) is not a page.
NOT_PAGES: dict[str, str] = {
    "core:healthz": "the load balancer's health check",
    "api-schema": "the OpenAPI document the API documentation page loads",
    "set_language": "the language switch is a form (POST) in the header",
    "accounts:logout": "signing out is a form (POST): the header's Keluar button",
    "accounts:otp": "a step of staff sign-in: the login form leads there",
    "accounts:totp_enrol": "a step of a first staff sign-in: the login form leads there",
    "accounts:unlock": "the staff unlock form, shown with the lockout message after failed sign-ins",
    "accounts:password_reset_done": "shown after the password-reset form is sent",
    "accounts:password_reset_confirm": "opened from the link in the password-reset e-mail",
    "accounts:password_reset_complete": "shown after a new password is set",
    "accounts:email_verify": "opened from the link in the e-mail sent at sign-up or after an e-mail change",
    "regions:options": "the options of the region selects (an htmx fragment)",
    "payments:status": "the bill page's status fragment (htmx polling)",
    "payments:instructions": "shown after a payment is started (a form on the bill page)",
    "payments:returned": "where the payment gateway sends the payer back",
    "payments:sandbox-bank": "the sandbox bank, opened from a payment's instructions",
    "documents:download": _DOWNLOAD,
    "payments:documents_link_download": _DOWNLOAD,
    "cases:attachment": _DOWNLOAD,
    "partners:receipt-qr": _DOWNLOAD,
    "partners:receipt-pdf": _DOWNLOAD,
    "partners:closing-slip": _DOWNLOAD,
    "partners:commission-csv": _DOWNLOAD,
    "partners:commission-pdf": _DOWNLOAD,
    "partners:supervisor-slip": _DOWNLOAD,
}

# Pages of one object (the access matrix probes them with identifiers that exist for nobody): the
# roles for whom the crawl's data holds an object that a reached page links to.
OBJECT_PAGES: dict[str, set[str]] = {
    "cases:service": EVERYONE,  # from the catalogue, a footer link on every page
    "cases:application": {"citizen_verified"},
    "cases:apply_data": {"citizen_verified"},  # a draft: "Lanjutkan pengisian"
    "cases:apply_uploads": {"citizen_verified"},
    "cases:apply_review": {"citizen_verified"},
    "cases:receipt": {"citizen_verified"},
    "cases:draft_delete": {"citizen_verified"},  # a draft: "Hapus draf" (the page asks; only its POST deletes)
    "cases:desk_case": {"officer", "supervisor"},
    "documents:verify": {"citizen_verified"},  # from "Dokumen saya"
    "vehicles:vehicle": {"citizen_verified"},  # from "Kendaraan saya"
    "partners:receipt": {"agent"},
    "partners:closing": {"agent"},
    "partners:point": {"supervisor", "admin"},
}

# Pages a role may open but reaches by no link, and why.
UNLINKED: dict[str, tuple[set[str], str]] = {
    "accounts:login": (SIGNED_IN, "for visitors: a signed-in account has nothing to sign in to"),
    "accounts:signup": (SIGNED_IN, "for visitors: a signed-in account has nothing to sign up for"),
    "accounts:password_reset": (SIGNED_IN, "for visitors who forgot the password (linked from the login page)"),
    "documents:mine": (STAFF, "documents are issued to citizens; staff accounts own none"),
    "web:staff_home": ({"agent"}, "sends an agent with a service point on to the agent desk, its landing page"),
    "partners:bill": ({"agent"}, "opened by the agent desk's payment-code form"),
    "payments:bill": (EVERYONE, "opened with a payment code: the form on /bayar/, a vehicle's open bill, "
                                "or the link sent with the bill"),
    "payments:documents_link": (EVERYONE, "a link signed for one payment, shown on a paid bill's page for the "
                                          "payer to keep"),
    "vehicles:staff_vehicle": ({"officer", "supervisor", "admin"}, "opened from the Samsat search's results (a form)"),
    "civil:person": ({"officer", "supervisor", "admin"}, "opened from search results: the search is a POST, "
                                                        "so a NIK never goes into an address"),
    "civil:family_card": ({"officer", "supervisor", "admin"}, "opened from a person page or search results"),
    "civil:family_card_version": ({"officer", "supervisor", "admin"}, "opened from a family card page"),
}
# The Django admin's own pages are explored inside the admin; its index is a desk tool.
ADMIN_PAGES = {"admin:index": {"admin"}}
for _module in app_tables():  # each app's own rows (balai/<app>/tests/access.py)
    NOT_PAGES.update(getattr(_module, "NOT_PAGES", {}))
    OBJECT_PAGES.update(getattr(_module, "OBJECT_PAGES", {}))
    UNLINKED.update(getattr(_module, "UNLINKED", {}))


def not_a_page(name: str, pattern: str) -> str | None:
    if name in NOT_PAGES:
        return NOT_PAGES[name]
    if pattern.startswith("api/"):
        return "the REST API"
    if EXPECTED.get(name, ("GET", ""))[0] == "POST":
        return "a form's target (POST)"
    return None


def unlinked(name: str, role: str) -> bool:
    roles, _why = UNLINKED.get(name, (set(), ""))
    return role in roles


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
            continue  # another site, mailto:, tel:
        if parts.path.startswith(("/static/", "/media/")):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else None  # unnamed: a redirect (e.g. /lacak/)


def crawl(client: Client, start: str, *, per_route: int = 3) -> tuple[dict[str, str], list[tuple]]:
    """Follow links from ``start``; returns {route: first URL reached with 200} and the broken links
    (referrer, URL, status). At most ``per_route`` URLs of one route are opened (a catalogue of
    services, a paged queue); the Django admin is entered, not explored."""
    reached: dict[str, str] = {}
    broken: list[tuple] = []
    opened: Counter[str] = Counter()
    seen = {start}
    queue = deque([(start, "(landing)")])
    while queue:
        url, referrer = queue.popleft()
        route = _route(urlsplit(url).path)
        key = route or url
        if opened[key] >= per_route:
            continue
        opened[key] += 1
        response = client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            target = urljoin(url, response["Location"])
            if urlsplit(target).path.startswith("/masuk/"):
                broken.append((referrer, url, f"{response.status_code} to the login page"))
            elif target not in seen:
                seen.add(target)
                queue.append((target, url))
            continue
        if response.status_code != 200 or route is None:
            broken.append((referrer, url, response.status_code))
            continue
        reached.setdefault(route, url)
        if not response.get("Content-Type", "").startswith("text/html") or route.startswith("admin:"):
            continue
        for link in _links(url, response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return reached, broken


def expected_pages(role: str) -> set[str]:
    """The page routes ``role`` may open (access matrix), minus those it reaches by no link."""
    matrix_role = ROLES[role]
    pages = {name for name, roles in ADMIN_PAGES.items() if role in roles}
    for pattern, name in project_routes():
        if not_a_page(name, pattern) or name not in EXPECTED:  # no access decision: test_access_matrix fails
            continue
        policy = EXPECTED[name][1]
        allowed = role in OBJECT_PAGES.get(name, set()) if policy == "object" else matrix_role in POLICIES[policy]
        if allowed and not unlinked(name, role):
            pages.add(name)
    return pages


@pytest.fixture
def crawlers(cast, world, make_citizen):
    """A client and landing page per crawl role; citizen A holds the records of ``world``, plus a draft."""
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    application_create(version=current_version("legalisir"), by=cast.users["citizen_a"])
    fresh = make_citizen(full_name="Dewi Lestari")
    client = Client()
    response = client.post("/masuk/", {"username": fresh.username, "password": fresh.raw_password})
    assert response.status_code == 302
    result = {}
    for role, matrix_role in ROLES.items():
        if role == "citizen":
            result[role] = (client, response["Location"])
        else:
            result[role] = (cast.clients[matrix_role], cast.landings[matrix_role])
    return result


def test_every_route_is_a_page_or_says_why_not():
    routes = dict((name, pattern) for pattern, name in project_routes())
    listed = set(NOT_PAGES) | set(OBJECT_PAGES) | set(UNLINKED)
    stale = sorted(listed - set(routes))
    assert stale == [], f"entries for routes that no longer exist: {stale}"
    pages = {name for name, pattern in routes.items() if not not_a_page(name, pattern)}
    both = sorted((set(NOT_PAGES) - pages) & (set(OBJECT_PAGES) | set(UNLINKED)))
    assert both == [], f"listed as not a page and as a page: {both}"
    undecided = sorted(name for name in pages if EXPECTED.get(name, ("", "object"))[1] == "object"
                       and name not in OBJECT_PAGES and name not in UNLINKED)
    assert undecided == [], f"pages of one object with no entry in OBJECT_PAGES, UNLINKED or NOT_PAGES: {undecided}"


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_role_is_reached_by_links(crawlers, role):
    client, landing = crawlers[role]
    reached, broken = crawl(client, landing)
    expected = expected_pages(role)
    print(role, landing, sorted(reached))
    assert broken == [], f"{role}: links that do not work for the role: {broken}"
    missing = sorted(expected - set(reached))
    assert missing == [], (
        f"{role} (landing {landing}) reaches these pages by no link: {missing}. Register them in the shell "
        "(balai.core.shell, in the app's AppConfig.ready()), link them from a page the role reaches, "
        "or list them in UNLINKED with the reason.")
    needless = sorted(name for name in reached if unlinked(name, role))
    assert needless == [], f"{role} reaches these pages after all; remove them from UNLINKED: {needless}"
    unexpected = sorted(name for name in set(reached) - expected
                        if name in EXPECTED and not not_a_page(name, _pattern_of(name)))
    assert unexpected == [], f"{role} reached pages the access matrix does not give it: {unexpected}"


def _pattern_of(name: str) -> str:
    return next((pattern for pattern, route in project_routes() if route == name), "")
