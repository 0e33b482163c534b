"""Fixtures shared by every app's tests."""

from __future__ import annotations

import base64
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from balai.core.nik import JATIM
from balai.regions.models import Region
from balai.regions.services import regions_load

# No per-example time limit for property tests: CI runs two workers on two shared cores, where an
# example that takes 5 ms here can take 300 ms there; a slow example is not a wrong one.
hypothesis_settings.register_profile("balai", deadline=None)
hypothesis_settings.load_profile("balai")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT_DIR = Path(settings.VAR_DIR) / "screenshots"
ARTIFACT_DIR = Path(settings.VAR_DIR) / "test-artifacts"


def _jatim_and_upper_levels(row: dict) -> bool:
    # Every province, regency and district of Indonesia, and the villages of Jawa Timur:
    # ~16,000 rows, enough for every test; the full 91,599-row load has its own test.
    return row["level"] != "village" or row["code"].startswith(JATIM)


def ensure_regions() -> None:
    if not Region.objects.filter(code="3578081001").exists():
        regions_load(include=_jatim_and_upper_levels)
    _ensure_catalogue()


def _ensure_catalogue() -> None:
    """The case workflow and the Adminduk services come from data migrations; a transactional test
    flushes them with every other table, so the next test (whatever its app) gets them back by
    the same functions the migrations run."""
    import importlib

    from django.apps import apps

    from balai.cases.models import Service, Workflow

    if not Workflow.objects.filter(code="default", version=1).exists():
        importlib.import_module("balai.cases.migrations.0002_default_catalogue").create(apps, None)
    civil = importlib.import_module("balai.civil.migrations.0002_catalogue")
    if not Service.objects.filter(code=civil.SERVICES[0]["code"]).exists():
        civil.create(apps, None)
        importlib.import_module("balai.civil.migrations.0004_change_data_corrections_text").forwards(apps, None)
    vehicles = importlib.import_module("balai.vehicles.migrations.0008_transfer_services")
    if not Service.objects.filter(code=vehicles.SERVICES[0]["code"]).exists():
        vehicles.create(apps, None)
    from balai.asn.models import AsnRule, Course  # the ASN rules and seeded courses (data migrations)

    if not AsnRule.objects.exists():
        importlib.import_module("balai.asn.migrations.0002_rules").create(apps, None)
    if not Course.objects.exists():
        importlib.import_module("balai.asn.migrations.0004_courses").create(apps, None)
        importlib.import_module("balai.asn.migrations.0006_courses_english").create(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_regions()


@pytest.fixture(autouse=True)
def _regions_present(request):
    """Transactional tests flush every table, regions included: put them back when needed."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db:
        if marker is not None and marker.kwargs.get("transaction") or "live_server" in request.fixturenames:
            request.getfixturevalue("transactional_db")
        else:
            request.getfixturevalue("db")
        ensure_regions()


@pytest.fixture(autouse=True)
def _isolated_cache():
    """The cache, and the bookable service kinds tests register ("Layanan uji", with their
    handlers): neither outlives its test (the English crawl found a leaked kind on /janji-temu/)."""
    from django.core.cache import cache

    from balai.appointments import registry

    kinds = dict(registry._kinds)
    cache.clear()
    yield
    cache.clear()
    registry._kinds.clear()
    registry._kinds.update(kinds)


# --- accounts ----------------------------------------------------------------------------------

def totp_code(user) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.fixture
def make_citizen(db):
    from balai.accounts.services import Address, citizen_register

    counter = {"n": 0}

    def make(*, username: str | None = None, nik: str | None = None, village: str = "3578081001",
             password: str = "rahasia-warga-123", full_name: str = "Siti Aminah", identity: str = "claimed",
             email_verified: bool = True):
        """A citizen account. ``identity`` ("claimed", "matched", "verified") is set as a fixture
        fact; the services that reach those levels have their own tests (accounts/tests/test_identity*).
        ``email_verified``: the sign-up link was opened (accounts/tests/test_email_verification.py)."""
        from django.utils import timezone

        from balai.accounts.models import CitizenProfile, User

        counter["n"] += 1
        n = counter["n"]
        nik = nik or f"357808451299{n:04d}"
        user = citizen_register(username=username or f"warga{n}", password=password, full_name=full_name,
                                nik=nik, email=f"warga{n}@example.test", phone="081234567890",
                                address=Address(village, "Jl. Kenanga 3", "1", "2"))
        if identity != "claimed":
            CitizenProfile.objects.filter(user=user).update(identity_level=identity)
            user.citizen.refresh_from_db()
        if email_verified:
            user.email_verified_at = timezone.now()
            User.objects.filter(pk=user.pk).update(email_verified_at=user.email_verified_at)
        user.raw_password = password
        return user

    return make


@pytest.fixture
def make_staff(db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from balai.accounts.services import staff_create

    counter = {"n": 0}

    def make(*, role: str = "officer", jurisdiction=("3578",), unit: str = "Dispendukcapil Kota Surabaya",
             username: str | None = None, password: str = "rahasia-petugas-123", with_totp: bool = True):
        counter["n"] += 1
        user = staff_create(username=username or f"{role}{counter['n']}", password=password,
                            full_name=f"Petugas {counter['n']}", email=f"{role}{counter['n']}@example.test",
                            role=role, unit=unit, jurisdiction=list(jurisdiction))
        if with_totp:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        user.raw_password = password
        return user

    return make


@pytest.fixture
def staff_client(client, make_staff):
    """A Django test client logged in as verified staff (password + TOTP through the real views)."""

    def login(role: str = "officer", **kwargs):
        user = make_staff(role=role, **kwargs)
        response = client.post("/masuk/", {"username": user.username, "password": user.raw_password})
        assert response.status_code == 302, response.content
        response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
        assert response.status_code == 302, response.content
        return client, user

    return login


# --- browser -----------------------------------------------------------------------------------

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"BROWSER TESTS SKIPPED: {CHROMIUM} is missing (apt-get install -y chromium)"
        print("\n" + "!" * len(message) + "\n" + message + "\n" + "!" * len(message))
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
# Every browser journey runs once at each width (the `new_page` fixture is parametrized).
JOURNEY_VIEWPORTS = {"360px": PHONE, "1280px": DESKTOP}
LAYOUT_JS = (Path(__file__).parent / "web" / "tests" / "layout_check.js").read_text()


class LayoutWatch:
    """The layout check (web/tests/layout_check.js) of one browser journey: after every page load
    it checks the page and saves a full-page screenshot `<journey>-<step>-<path>-<width>.png`; axe()
    checks again after each step (after htmx swaps). Problems found at a load and not already
    returned by an axe() call fail the test at teardown."""

    def __init__(self, journey: str):
        self.journey, self.step = journey, 0
        self.at_load: list[tuple[str, dict]] = []
        self.reported: set[tuple] = set()
        self.busy = 0  # load checks running now (Playwright runs event handlers beside the test)

    def watch(self, page) -> None:
        page.balai_layout = self
        page.on("load", self._on_load)

    def _on_load(self, page) -> None:
        from playwright.sync_api import Error

        self.step += 1
        try:
            while self.busy:  # one check at a time (see settle)
                page.wait_for_timeout(20)
        except Error:
            return
        self.busy += 1
        try:
            self._check_load(page)
        finally:
            self.busy -= 1

    def settle(self, page) -> None:
        """Wait until the page has loaded and its load checks are done. Playwright runs a load
        handler beside the test, and two full-page screenshots of one page at once hang Chromium's
        capture until one times out (30 s; seen at 1280 px when one navigation fired two loads), so
        screenshots of a page are taken one at a time."""
        page.wait_for_load_state("load")
        while self.busy:
            page.wait_for_timeout(20)

    def _check_load(self, page) -> None:
        from playwright.sync_api import Error

        width = page.viewport_size["width"]
        slug = re.sub(r"[^a-z0-9]+", "-", urlsplit(page.url).path.lower()).strip("-")[:40] or "home"
        try:
            problems = page.evaluate(LAYOUT_JS)
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.bring_to_front()  # a page behind another journey page may paint no frame to capture
            page.screenshot(path=str(SCREENSHOT_DIR / f"{self.journey}-{self.step:02d}-{slug}-{width}.png"),
                            full_page=True)
        except Error:  # the page navigated on while it was checked: the next load checks that one
            return
        self.at_load += [(f"{page.url} at {width}px", problem) for problem in problems]

    def mark_reported(self, page, problems: list[dict]) -> None:
        width = page.viewport_size["width"]
        self.reported |= {(page.url, width, p["kind"], p["selector"], p["text"]) for p in problems}

    def unreported(self) -> list[str]:
        lines = []
        for where, p in self.at_load:
            url, width = where.rsplit(" at ", 1)
            if (url, int(width.removesuffix("px")), p["kind"], p["selector"], p["text"]) not in self.reported:
                lines.append(f"{where}: {layout_line(p)}")
        return list(dict.fromkeys(lines))


def layout_line(problem: dict) -> str:
    return f"{problem['kind']} at {problem['selector']} ({problem['text']!r}): {problem['detail']}"


def layout_problems(page) -> list[dict]:
    """Run the layout check on the page as it is now (see web/tests/layout_check.js)."""
    return page.evaluate(LAYOUT_JS)


def _journey_name(node) -> str:
    app = node.module.__name__.split(".")[1] if node.module.__name__.startswith("balai.") else "test"
    name = node.originalname.removeprefix("test_")
    return f"{app}-{name[:48]}"


@pytest.fixture(params=list(JOURNEY_VIEWPORTS.values()), ids=list(JOURNEY_VIEWPORTS))
def new_page(request, browser, live_server):
    """``new_page(viewport=None)`` → a Playwright page on the live server. The test runs once at
    360 px and once at 1280 px wide (``new_page.viewport``); every page load is layout-checked and
    screenshotted (LayoutWatch)."""
    contexts = []
    journey_viewport = request.param
    watch = LayoutWatch(f"{_journey_name(request.node)}")

    def make(viewport=None, locale="id-ID"):
        ctx = browser.new_context(viewport=viewport or journey_viewport, locale=locale, bypass_csp=True,
                                  base_url=live_server.url)
        # generous: CI runs two workers on two cores beside PostgreSQL
        ctx.set_default_timeout(30000)
        contexts.append(ctx)
        page = ctx.new_page()
        watch.watch(page)
        return page

    make.viewport = journey_viewport
    make.width = journey_viewport["width"]
    yield make
    for ctx in contexts:
        ctx.close()
    problems = watch.unreported()
    if problems:
        pytest.fail("layout problems on page load (screenshots in var/screenshots/):\n" + "\n".join(problems),
                    pytrace=False)


AXE_JS = None


def axe_audit(page, name: str) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A+AA) and the layout check, and save a full-page screenshot
    ``<name>-<width>.png``; returns serious and critical violations and every layout problem."""
    global AXE_JS
    if AXE_JS is None:
        import axe_playwright_python

        AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    watch = getattr(page, "balai_layout", None)
    if watch is not None:
        watch.settle(page)
    width = page.viewport_size["width"]
    page.bring_to_front()  # journeys with several pages: the screenshot timed out on one behind the others
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{width}.png"), full_page=True)
    layout = layout_problems(page)
    for problem in layout:  # shown in the failure report's captured output, untruncated
        print(f"LAYOUT {name} at {width}px: {layout_line(problem)}")
    if watch is not None:
        watch.mark_reported(page, layout)
    page.evaluate(AXE_JS)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}, resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ] + [{"id": f"layout-{p['kind']}", "impact": "serious", "help": layout_line(p), "nodes": [p["selector"]]}
         for p in layout]


@pytest.fixture
def axe():
    return axe_audit


def have_tool(name: str) -> bool:
    return shutil.which(name) is not None


def b32(secret_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(secret_hex)).decode()


# --- documents: development signing; payments: the sandbox bank ---------------------------------

def signing_settings(pki, media: Path) -> dict:
    """The settings that sign with the development CA ``pki`` and store documents under ``media``."""
    return {"DOCUMENT_SIGNER": "local", "DOCUMENT_SIGNING_KEY": str(pki.signer_key),
            "DOCUMENT_SIGNING_CERT": str(pki.signer_cert), "DOCUMENT_SIGNING_CHAIN": [str(pki.ca_cert)],
            "DOCUMENT_TRUST_ROOTS": [str(pki.ca_cert)], "DOCUMENT_SIGNING_KEY_PASSPHRASE": "",
            "STORAGES": {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(media)}},
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}


@contextmanager
def dev_signing(directory: Path):
    """A development CA and signer (like `balai init_signing`) in ``directory / "signing"``, documents
    stored in ``directory / "media"``, while the block runs; yields the CA's files."""
    from django.test import override_settings

    from balai.documents.pki import ensure_dev_pki
    from balai.documents.signers import reset_signer_cache

    pki = ensure_dev_pki(directory / "signing")
    try:
        with override_settings(**signing_settings(pki, directory / "media")):
            reset_signer_cache()
            yield pki
    finally:
        reset_signer_cache()


@pytest.fixture
def signing(tmp_path):
    """Real signed documents for this test: a development CA made in tmp (see ``dev_signing``)."""
    with dev_signing(tmp_path) as pki:
        yield pki


def put_back_beneficiaries(request) -> bool:
    """Transactional tests flush every table: put the beneficiary accounts (payments) back when the
    test uses a database; says whether it does. Called by the autouse fixtures of the apps that bill."""
    if not (request.node.get_closest_marker("django_db")
            or {"db", "transactional_db", "live_server"} & set(request.fixturenames)):
        return False
    request.getfixturevalue("_regions_present")
    from balai.payments.beneficiaries import beneficiaries_ensure

    beneficiaries_ensure()
    return True


@pytest.fixture
def sandbox_bank(settings, tmp_path):
    """The sandbox bank for this test: embedded, its own file, in demo mode (it runs in no other;
    payments/tests/test_sandbox_gating.py turns demo mode off)."""
    settings.DEMO = True
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX, "EMBEDDED": True,
                                 "DB": str(tmp_path / "sandbox.sqlite3")}
    yield
    from balai.payments.sandbox import stop_dispatchers

    stop_dispatchers()
