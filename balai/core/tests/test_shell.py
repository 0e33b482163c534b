"""The shell registries (balai.core.shell): entries filtered by role and predicate, landings by
order, and the catalogue search over what the apps registered."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils.translation import gettext_lazy as _

from balai.core import shell


def _user(role: str | None, **attrs):
    if role is None:
        return SimpleNamespace(is_authenticated=False)
    return SimpleNamespace(is_authenticated=True, role=role, **attrs)


@pytest.fixture
def empty_registry(monkeypatch):
    monkeypatch.setattr(shell, "_entries", {})


def test_entries_are_filtered_by_role_and_predicate_in_order(empty_registry):
    shell.register_menu("cases:mine", _("Permohonan saya"), roles={shell.CITIZEN}, order=20,
                        when=shell.has_citizen_profile)
    shell.register_menu("cases:catalogue", _("Layanan"), roles={shell.ANONYMOUS, shell.CITIZEN}, order=10)
    shell.register_menu("web:staff_home", _("Meja petugas"), roles={shell.OFFICER}, order=5)

    assert [e.url for e in shell.entries(shell.MENU, _user(None))] == ["/layanan/"]
    assert [e.url for e in shell.entries(shell.MENU, None)] == ["/layanan/"]  # no user: a visitor
    with_profile = _user("citizen", citizen=object())
    assert [e.url for e in shell.entries(shell.MENU, with_profile)] == ["/layanan/", "/permohonan/"]
    assert [e.url for e in shell.entries(shell.MENU, _user("citizen"))] == ["/layanan/"]  # no citizen profile
    assert [e.url for e in shell.entries(shell.MENU, _user("officer"))] == ["/petugas/"]
    assert shell.entries(shell.TOOLS, _user("officer")) == []


def test_registering_again_replaces_and_bad_roles_are_refused(empty_registry):
    shell.register_staff_tool("cases:desk_queue", _("Antrean kerja"), roles={shell.OFFICER})
    shell.register_staff_tool("cases:desk_queue", _("Antrean kerja"), roles={shell.OFFICER})
    assert len(shell.registered(shell.TOOLS)) == 1
    with pytest.raises(ValueError, match="roles"):
        shell.register_menu("cases:mine", _("Permohonan saya"), roles={"warga"})
    with pytest.raises(ValueError, match="roles"):
        shell.register_menu("cases:mine", _("Permohonan saya"), roles=set())


def test_entry_urls_carry_arguments_and_query(empty_registry):
    card = shell.register_home_card("cases:catalogue", _("KTP-el"), "", query={"q": "KTP-el"})
    service = shell.register_home_card("cases:service", _("Akta Kelahiran"), "", args=("akta-kelahiran",))
    assert card.url == "/layanan/?q=KTP-el"
    assert service.url == "/layanan/akta-kelahiran/"


def test_landing_is_the_lowest_order_whose_predicate_holds(empty_registry):
    shell.register_landing("web:staff_home", roles=shell.STAFF, order=1000)
    shell.register_landing("cases:desk_queue", roles={shell.OFFICER}, order=50)
    shell.register_landing("vehicles:staff_search", roles={shell.OFFICER}, order=40,
                           when=lambda user: user.unit.startswith("UPT PPD"))
    assert shell.landing_url(_user("officer", unit="Dispendukcapil Kota Surabaya")) == "/petugas/antrean/"
    assert shell.landing_url(_user("officer", unit="UPT PPD Surabaya Timur")) == "/petugas/samsat/"
    assert shell.landing_url(_user("supervisor", unit="")) == "/petugas/"
    assert shell.landing_url(_user("citizen")) == "/"  # nothing registered for the role: the home page


# --- search over the registries the apps filled at start-up ------------------------------------

def _found(query: str) -> list[str]:
    return [e.url for e in shell.search(query).entries]


@pytest.mark.parametrize(("query", "url"), [
    ("pajak", "/pkb/"), ("kendaraan", "/pkb/"), ("PKB", "/pkb/"), ("Pajak Kendaraan", "/pkb/"),
    ("kenda", "/pkb/"),  # search as you type
    ("vehicle tax", "/pkb/"), ("motor", "/pkb/"),
    ("verifikasi", "/verifikasi/"), ("keaslian dokumen", "/verifikasi/"), ("document verification", "/verifikasi/"),
    ("bayar", "/bayar/"), ("payment", "/bayar/"), ("lacak", "/lacak"), ("tracking", "/lacak"),
    ("simulasi", "/pkb/simulasi/"),
])
def test_search_finds_registered_public_services_in_both_languages(query, url):
    assert url in _found(query)


@pytest.mark.parametrize(("query", "code"), [
    ("SIM", "sim"), ("sim", "sim"), ("surat izin mengemudi", "sim"), ("driving licence", "sim"),
    ("paspor", "paspor"), ("Passport", "paspor"),
])
def test_search_says_which_planned_services_balai_does_not_have_yet(query, code, monkeypatch):
    # as in a deployment without the app that provides SIM and passports
    monkeypatch.setattr(shell, "_entries", {k: e for k, e in shell._entries.items() if not e.provides})
    result = shell.search(query)
    assert [u.code for u in result.unavailable] == [code]
    assert "/pkb/simulasi/" not in [e.url for e in result.entries]  # "sim" is a whole word, not "simulasi"


@pytest.mark.parametrize("query", ["SIM", "surat izin mengemudi", "paspor", "Passport"])
def test_with_the_app_that_provides_them_sim_and_passport_are_found_not_planned(query):
    result = shell.search(query)
    assert result.unavailable == []
    assert result.entries, query


def test_search_with_nothing_to_find():
    assert shell.search("") == shell.SearchResult([], [])
    assert shell.search("zzzz qqqq") == shell.SearchResult([], [])
    assert shell.search("simulasi").unavailable == []


def test_a_planned_service_is_silent_once_an_app_provides_it(monkeypatch):
    monkeypatch.setattr(shell, "_entries", dict(shell._entries))
    shell.register_public_page("vehicles:find", "SIM", "SIM online", keywords=("sim",), provides=("sim",))
    result = shell.search("SIM")
    assert result.unavailable == [] and "/pkb/" in [e.url for e in result.entries]


def test_every_registered_entry_has_a_working_address():
    entries = shell.registered()
    assert len(entries) > 20
    for entry in entries:
        assert entry.url.startswith("/"), entry
