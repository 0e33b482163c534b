"""Look-alike usernames. ``wаrga2`` with a Cyrillic а passed as a new name beside
``warga2``; an account named like an officer could then be mistaken for them (in the admin, in audit
views, in a message). Usernames are ASCII, and none may share its confusable skeleton (case
folded, the Unicode confusables of confusable_homoglyphs: 0/O, 1/l/I, rn/m) with an existing one."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from balai.accounts.models import User
from balai.accounts.services import Address, citizen_register, staff_create
from balai.accounts.usernames import skeleton, validate_username

from .test_accounts import SIGNUP

CYRILLIC_A = "\u0430"  # а, CYRILLIC SMALL LETTER A


def _register(username: str, nik: str = "3578081708850002"):
    return citizen_register(username=username, password="kunci-rahasia-77", full_name="Budi", nik=nik,
                            email="budi@example.test", phone="081234567890",
                            address=Address("3578081001", "Jl. Kenanga 3", "1", "2"))


def test_skeleton_folds_case_and_ascii_lookalikes():
    assert skeleton("Warga2") == skeleton("warga2")
    assert skeleton("petugas1") == skeleton("petugasl") == skeleton("PETUGASI") == skeleton("petugasi")
    assert skeleton("b0di") == skeleton("bodi") == skeleton("BODI")
    assert skeleton("rnaria") == skeleton("maria")
    assert skeleton(f"w{CYRILLIC_A}rga2") == skeleton("warga2")
    assert skeleton("budi") != skeleton("bud1x") and skeleton("warga1") != skeleton("warga2")


@given(st.text("abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=20))
def test_skeleton_is_case_insensitive(name):
    assert skeleton(name) == skeleton(name.upper()) == skeleton(name.swapcase())


@pytest.mark.django_db
def test_signup_refuses_a_cyrillic_letter_with_a_clear_message(client, make_citizen):
    response = client.post("/daftar/", {**SIGNUP, "username": f"w{CYRILLIC_A}rga2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna hanya boleh memakai huruf a–z" in page
    assert "CYRILLIC SMALL LETTER A" in page and "“a”" in page  # which character, and what it looks like
    assert not User.objects.filter(username=f"w{CYRILLIC_A}rga2").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("existing, new", [("warga2", "WARGA2"), ("petugas1", "petugasl"), ("petugasl", "PETUGASI"),
                                           ("bodi", "b0di"), ("maria", "rnaria"), ("rnaria", "maria")])
def test_signup_refuses_a_lookalike_of_an_existing_name(client, make_citizen, existing, new):
    make_citizen(username=existing)
    response = client.post("/daftar/", {**SIGNUP, "username": new})
    page = response.content.decode()
    assert response.status_code == 200
    assert "sudah dipakai" in page or "terlalu mirip" in page
    assert not User.objects.filter(username=new).exists()


@pytest.mark.django_db
def test_signup_english_message():
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.post("/daftar/", {**SIGNUP, "username": f"w{CYRILLIC_A}rga"}).content.decode()
    assert "A username may only use the letters a–z" in page


@pytest.mark.django_db
def test_lookalike_of_a_name_that_predates_the_rule_is_refused(make_citizen):
    """Accounts made before the rule may hold non-ASCII names: the plain one is refused beside them."""
    legacy = make_citizen(username="legacy")
    User.objects.filter(pk=legacy.pk).update(username=f"w{CYRILLIC_A}rga2", username_skeleton="")
    _fill_skeletons()  # as migration 0004 does for the accounts it finds
    with pytest.raises(ValidationError) as exc:
        validate_username("warga2")
    assert exc.value.error_list[0].code == "lookalike"


def _fill_skeletons():
    import importlib

    from django.apps import apps

    importlib.import_module("balai.accounts.migrations.0004_username_skeleton").fill(apps, None)


@pytest.mark.django_db
def test_lookalike_pairs_made_before_the_rule_keep_the_older_ones_skeleton(make_citizen):
    older, newer = make_citizen(username="older"), make_citizen(username="newer")
    User.objects.filter(pk=older.pk).update(username="petugas1", username_skeleton="")
    User.objects.filter(pk=newer.pk).update(username="petugasl", username_skeleton="")
    _fill_skeletons()
    assert User.objects.get(pk=older.pk).username_skeleton == skeleton("petugas1")
    assert User.objects.get(pk=newer.pk).username_skeleton == ""
    with pytest.raises(ValidationError) as exc:
        validate_username("PETUGASI")
    assert exc.value.error_list[0].code == "lookalike"


@pytest.mark.django_db
def test_renaming_keeps_the_skeleton(make_citizen):
    user = make_citizen(username="lama")
    user.username = "baru"
    user.save(update_fields=["username"])
    assert User.objects.get(pk=user.pk).username_skeleton == skeleton("baru")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_racing_signups_of_lookalike_names_create_one_account():
    names = ["petugas1", "petugasl", "PETUGASI", "petugas1"]
    barrier = threading.Barrier(len(names))
    created, refused, errors = [], [], []

    def sign_up(index: int, name: str):
        try:
            barrier.wait(timeout=30)
            created.append(_register(name, nik=f"35780817088500{index + 10:02d}").username)
        except ValidationError as exc:
            refused.append(exc.message_dict["username"][0])
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(i, n)) for i, n in enumerate(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(created) == 1 and len(refused) == 3
    assert User.objects.filter(username_skeleton=skeleton("petugas1")).count() == 1


@pytest.mark.django_db
def test_services_refuse_lookalikes_on_the_username_field(make_citizen, make_staff):
    make_citizen(username="warga2")
    with pytest.raises(ValidationError) as exc:
        _register(f"w{CYRILLIC_A}rga2")
    assert "username" in exc.value.message_dict
    make_staff(role="officer", username="petugas")
    for name in ("PETUGAS", "petuga\u0455", "petugaS"):  # ѕ: CYRILLIC SMALL LETTER DZE
        with pytest.raises(ValidationError) as exc:
            staff_create(username=name, password="rahasia-petugas-123", full_name="Petugas Palsu",
                         email="palsu@example.test", role="officer", unit="Dispendukcapil Kota Surabaya",
                         jurisdiction=["3578"])
        assert "username" in exc.value.message_dict, name
    assert not User.objects.filter(full_name="Petugas Palsu").exists()
    # an unrelated name is fine
    assert _register("budi.santoso").username == "budi.santoso"


@pytest.mark.django_db
def test_supervisor_cannot_create_an_agent_named_like_another_account(client, make_staff):
    from balai.conftest import totp_code
    from balai.partners.tests.factories import make_point

    supervisor = make_staff(role="supervisor", unit="UPT PPD Surabaya Timur")
    point = make_point(supervisor)
    make_staff(role="agent", username="agen1")
    client.post("/masuk/", {"username": supervisor.username, "password": supervisor.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(supervisor)})
    response = client.post(f"/mitra/titik/{point.pk}/agen/", {
        "full_name": "Siti Aminah", "username": "agenl", "email": "siti@example.id", "phone": "",
        "password": "kopi-tubruk-pagi-7"})
    assert response.status_code == 200
    assert "terlalu mirip" in response.content.decode()
    assert not User.objects.filter(username="agenl").exists()


@pytest.mark.django_db
def test_admin_add_user_form_keeps_the_rules(rf, make_staff):
    from django.contrib import admin

    make_staff(role="officer", username="petugas1")
    request = rf.get("/admin/accounts/user/add/")
    request.user = make_staff(role="admin")
    form_class = admin.site._registry[User].get_form(request, obj=None)
    base = {"full_name": "Petugas Palsu", "email": "palsu@example.test", "role": "officer",
            "password1": "kunci-rahasia-77", "password2": "kunci-rahasia-77", "usable_password": "true"}
    for name, code in ((f"petug{CYRILLIC_A}s2", "ascii"), ("PETUGASl", "lookalike")):
        form = form_class(data={**base, "username": name})
        assert not form.is_valid() and form.errors.as_data()["username"][0].code == code, name
    assert form_class(data={**base, "username": "petugas.baru"}).is_valid()
