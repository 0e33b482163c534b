"""The site shell: the header, home cards and staff desks render what the apps
registered (balai.core.shell); each role lands on its own desk; the catalogue search finds the
registered public services and says which planned ones Balai does not have yet; /lacak/ works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from balai.conftest import totp_code
from balai.core import shell

pytestmark = pytest.mark.django_db

WEB = Path(__file__).resolve().parents[1]
BALAI = WEB.parent
# Apps above web's neighbours in ARCHITECTURE: the shell must not name their pages or import them.
HIGHER_APPS = ("cases", "civil", "vehicles", "partners", "payments", "documents")


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"#]+)"', html)


def test_the_shell_names_no_apps_pages():
    sources = [BALAI / "templates" / "base.html", *sorted((WEB / "templates").rglob("*.html")),
               *sorted(p for p in WEB.glob("*.py")), BALAI / "core" / "shell.py"]
    for source in sources:
        text = source.read_text()
        for app in HIGHER_APPS:
            assert f"'{app}:" not in text and f'"{app}:' not in text, f"{source.name} names a page of {app}"
            assert f"balai.{app}" not in text, f"{source.name} imports {app}"


def test_home_cards_are_the_registered_ones_and_each_is_a_link(client):
    html = client.get("/").content.decode()
    cards = re.findall(r'<li class="card card-link"><h3><a href="([^"]+)">', html)
    assert cards == [e.url.replace("&", "&amp;") for e in shell.entries(shell.HOME, None)]
    assert len(cards) >= 6 and "/pkb/" in cards and "/verifikasi/" in cards
    assert "SIM &amp; Paspor" in html  # registered by mobility: advertised


def test_visitor_header_and_footer_lead_to_the_public_pages(client):
    hrefs = set(_hrefs(client.get("/").content.decode()))
    assert {"/layanan/", "/pkb/", "/bayar/", "/verifikasi/", "/lacak", "/masuk/", "/daftar/"} <= hrefs
    # the phone menu is a disclosure that works without script (strict CSP: no inline script)
    html = client.get("/").content.decode()
    assert '<details class="site-menu">' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_citizen_menu_offers_the_citizen_pages(client, make_citizen):
    client.force_login(make_citizen())
    hrefs = set(_hrefs(client.get("/").content.decode()))
    assert {"/permohonan/", "/dokumen/", "/kependudukan/kk-saya/", "/pkb/kendaraan-saya/", "/akun/profil/"} <= hrefs


def _sign_in(user) -> str:
    client = Client()
    response = client.post("/masuk/", {"username": user.username, "password": user.raw_password})
    if user.role != "citizen":
        response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
    assert response.status_code == 302
    return response["Location"]


def test_each_role_lands_on_its_own_desk(make_citizen, make_staff):
    from balai.partners.services.points import agent_attach, point_create

    supervisor = make_staff(role="supervisor", unit="UPT PPD Surabaya Timur")
    point = point_create(by=supervisor, name="Koppontren Al-Hikmah", village_code="3578081001",
                         address="Jl. Pesantren 1", contact_name="Pengurus", contact_phone="081200000000",
                         samsat_unit="UPT PPD Surabaya Timur", cash_limit=10_000_000, bank_name="Bank Jatim",
                         bank_account_number="0011223344", bank_account_name="Koppontren", supervisor=supervisor)
    agent = make_staff(role="agent")
    agent_attach(user=agent, point=point, by=supervisor)

    assert _sign_in(make_citizen()) == "/"
    assert _sign_in(make_staff(role="officer")) == "/petugas/antrean/"  # the case desk
    assert _sign_in(make_staff(role="officer", unit="UPT PPD Surabaya Timur")) == "/petugas/samsat/"  # Samsat
    assert _sign_in(supervisor) == "/petugas/"
    assert _sign_in(agent) == "/agen/"
    assert _sign_in(make_staff(role="agent")) == "/petugas/"  # not attached to a service point yet
    assert _sign_in(make_staff(role="admin", jurisdiction=())) == "/petugas/"


@pytest.mark.parametrize(("role", "offered", "not_offered"), [
    ("officer", {"/petugas/antrean/", "/petugas/kependudukan/", "/petugas/samsat/"}, {"/mitra/", "/admin/"}),
    ("supervisor", {"/mitra/", "/mitra/rekonsiliasi/", "/petugas/pembayaran/laporan/",
                    "/petugas/kependudukan/pembacaan-data/"}, {"/admin/"}),
    ("admin", {"/admin/", "/mitra/", "/petugas/samsat/"}, {"/petugas/antrean/"}),
])
def test_the_staff_desk_lists_the_tools_of_the_role(staff_client, role, offered, not_offered):
    client, _user = staff_client(role, jurisdiction=() if role == "admin" else ("3578",))
    html = client.get("/petugas/").content.decode()
    tools = set(re.findall(r'<li class="card card-link"><h3><a href="([^"]+)">', html))
    assert offered <= tools and not (not_offered & tools)


def test_an_agent_with_a_service_point_is_sent_on_to_the_agent_desk(client, make_staff):
    from balai.partners.services.points import agent_attach, point_create

    supervisor = make_staff(role="supervisor")
    point = point_create(by=supervisor, name="Koppontren", village_code="3578081001", address="Jl. Pesantren 1",
                         contact_name="Pengurus", contact_phone="081200000000", samsat_unit="UPT PPD Surabaya Timur",
                         cash_limit=1_000_000, bank_name="Bank Jatim", bank_account_number="0011223344",
                         bank_account_name="Koppontren", supervisor=supervisor)
    agent = make_staff(role="agent")
    agent_attach(user=agent, point=point, by=supervisor)
    client.post("/masuk/", {"username": agent.username, "password": agent.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(agent)})
    response = client.get("/petugas/")
    assert response.status_code == 302 and response["Location"] == "/agen/"
    desk = client.get("/agen/").content.decode()
    assert 'href="/agen/tutup-hari/"' in desk and 'href="/verifikasi/"' in desk  # tools and public pages


def test_tracking_address_with_a_trailing_slash(client):
    response = client.get("/lacak/?nomor=ABC")
    assert response.status_code == 301 and response["Location"] == "/lacak?nomor=ABC"
    assert client.get("/lacak/", follow=True).status_code == 200


@pytest.mark.parametrize(("query", "href"), [
    ("pajak", "/pkb/"), ("kendaraan", "/pkb/"), ("PKB", "/pkb/"), ("verifikasi", "/verifikasi/"),
])
def test_catalogue_search_finds_vehicle_tax_and_verification(client, query, href):
    html = client.get("/layanan/", {"q": query}).content.decode()
    assert f'href="{href}"' in html and "Tidak ada layanan yang cocok" not in html
    fragment = client.get("/layanan/", {"q": query}, HTTP_HX_REQUEST="true").content.decode()  # search as you type
    assert f'href="{href}"' in fragment


@pytest.mark.parametrize("query", ["SIM", "paspor"])
def test_catalogue_search_finds_sim_and_passport_once_an_app_provides_them(client, query):
    html = client.get("/layanan/", {"q": query}).content.decode()
    assert 'href="/sim-paspor/tarif/"' in html and "Balai belum melayani" not in html


def test_catalogue_search_in_english():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/layanan/", {"q": "vehicle tax"}).content.decode()
    assert 'href="/pkb/"' in html and "Other services on Balai" in html
    html = client.get("/layanan/", {"q": "passport"}).content.decode()
    assert 'href="/sim-paspor/tarif/"' in html and "Balai does not offer passports yet" not in html
