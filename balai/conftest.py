"""Fixtures shared by every app's tests."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

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
    return row["level"] != "village" or row["code"].startswith("35")


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
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
             password: str = "rahasia-warga-123", full_name: str = "Siti Aminah"):
        counter["n"] += 1
        n = counter["n"]
        nik = nik or f"357808451299{n:04d}"
        user = citizen_register(username=username or f"warga{n}", password=password, full_name=full_name,
                                nik=nik, email=f"warga{n}@example.test", phone="081234567890",
                                address=Address(village, "Jl. Kenanga 3", "1", "2"))
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


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(viewport=PHONE, locale="id-ID"):
        ctx = browser.new_context(viewport=viewport, locale=locale, bypass_csp=True, base_url=live_server.url)
        # generous: CI runs two workers on two cores beside PostgreSQL
        ctx.set_default_timeout(30000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


AXE_JS = None


def axe_audit(page, name: str) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A+AA) and save a full-page screenshot; returns serious and
    critical violations."""
    global AXE_JS
    if AXE_JS is None:
        import axe_playwright_python

        AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)
    page.evaluate(AXE_JS)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}, resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe():
    return axe_audit


def have_tool(name: str) -> bool:
    return shutil.which(name) is not None


def b32(secret_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(secret_hex)).decode()
