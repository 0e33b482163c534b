"""The sandbox bank makes "paid" notifications for any payment code, so it runs only
in demo mode (BALAI_DEMO=1, set by `make run`), never beside production settings, is not even routed
without demo mode, and says "sandbox" on every page it serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from balai.payments.gateways import GatewayError, registry
from balai.payments.services import attempt_start

from .factories import make_bill

ROOT = Path(__file__).resolve().parents[3]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a `balai` process: no test or deployment variables of this run."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BALAI_", "DATABASE_", "SANDBOX_", "CELERY_", "PYTEST", "SECRET_KEY", "CACHE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "balai.settings", "BALAI_VAR_DIR": str(tmp_path / "var"), **extra})
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- routing ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_sandbox_bank_is_not_routed_without_demo_mode(client, settings):
    settings.DEMO = False
    with pytest.raises(Resolver404):
        resolve("/sandbox-bank/")
    assert client.get("/sandbox-bank/").status_code == 404
    assert client.post("/sandbox-bank/api/payments", data=b'{"payment_code": "12345678901234", "amount": 1}',
                       content_type="application/json").status_code == 404
    settings.DEMO = True
    assert resolve("/sandbox-bank/").url_name == "sandbox-bank"
    assert client.get("/sandbox-bank/").status_code == 200


@pytest.mark.django_db
def test_payment_through_the_embedded_bank_needs_demo_mode(settings):
    bill = make_bill()
    settings.DEMO = False
    with pytest.raises(GatewayError, match="demo"):
        attempt_start(bill=bill, gateway=registry["sandbox"], method="va")
    settings.DEMO = True
    assert attempt_start(bill=bill, gateway=registry["sandbox"], method="va").instructions["va_number"]


@pytest.mark.django_db
def test_the_page_says_so_when_the_sandbox_is_off(client, settings):
    settings.DEMO = False
    bill = make_bill()
    response = client.post(f"/bayar/{bill.payment_code}/mulai/", {"method": "va", "gateway": "sandbox"}, follow=True)
    assert "Layanan pembayaran sedang tidak dapat dihubungi" in response.content.decode()


# --- every page says "sandbox" ------------------------------------------------------------------

@pytest.mark.django_db
def test_every_sandbox_page_carries_the_sandbox_banner(client, settings):
    settings.DEMO = True
    bill = make_bill()
    attempt = attempt_start(bill=bill, gateway=registry["sandbox"], method="va")
    pages = {"index": client.get("/sandbox-bank/"), "pay": client.get(f"/sandbox-bank/pay/{attempt.gateway_ref}"),
             "not found": client.get("/sandbox-bank/pay/SBX0000000000000000")}
    assert pages["not found"].status_code == 404
    for name, response in pages.items():
        page = response.content.decode()
        assert '<div class="sandbox-banner" role="note">' in page, name
        assert "SANDBOX" in page and "bukan bank sungguhan" in page and "tidak ada uang" in page, name
        assert "<title>[SANDBOX]" in page, name


# --- start-up: the command, and production settings ----------------------------------------------

def test_sandbox_gateway_command_refuses_without_demo_mode(tmp_path):
    port = _free_port()
    try:
        done = subprocess.run([sys.executable, "-m", "balai", "sandbox_gateway", "--port", str(port)], cwd=ROOT,
                              env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the sandbox bank started without demo mode (still serving after 60 s)")
    assert done.returncode != 0 and "BALAI_DEMO=1" in done.stderr


def test_sandbox_gateway_command_runs_in_demo_mode(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "balai", "sandbox_gateway", "--port", str(port)], cwd=ROOT,
                            env=_env(tmp_path, BALAI_DEMO="1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:  # noqa: S310
                    assert "sandbox-banner" in page.read().decode()
                    break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "the sandbox bank did not start in demo mode"
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_production_settings_refuse_demo_mode(tmp_path):
    """Production + demo = the process does not start: settings raise ImproperlyConfigured, which
    stops gunicorn's workers, management commands and Celery alike (gunicorn runs no system check)."""
    code = "import django; django.setup(); print('started')"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=_env(tmp_path, BALAI_PRODUCTION="1", BALAI_DEMO="1", SECRET_KEY="x" * 50))
    assert done.returncode != 0 and "started" not in done.stdout
    assert "ImproperlyConfigured" in done.stderr and "BALAI_DEMO" in done.stderr
    alone = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                           env=_env(tmp_path, BALAI_PRODUCTION="1", SECRET_KEY="x" * 50))
    assert alone.returncode == 0 and "started" in alone.stdout, alone.stderr
