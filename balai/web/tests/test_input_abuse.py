"""Input abuse: oversized bodies, deeply nested JSON, Unicode names, and HTML or
SQL typed into every free-text field that is shown back.

Upload attacks (polyglots, zip bombs, HTML as images, file names) are covered by
``balai/cases/tests/test_uploads.py`` and ``test_api.py``; "Ma'ruf" at sign-up by
``balai/accounts/tests/test_accounts.py``. They are not repeated here.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.conf import settings
from django.core.cache import cache

from balai.accounts.models import User
from balai.cases.tests.conftest import LEGALISIR_DATA, pdf_upload

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
SQL = "' OR 1=1 --"
SQL_ESCAPED = "&#x27; OR 1=1 --"

DEEP_ARRAY = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "m")}}}


def _envelope(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    error = response.json()["error"]
    assert error["message"] and isinstance(error["fields"], dict)
    if code:
        assert error["code"] == code
    return error


# --- oversized bodies ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/nik/parse", "/api/pkb/simulate", "/api/auth/token"])
def test_oversized_json_body_is_a_413_json_error(client, path):
    client.raise_request_exception = False
    body = json.dumps({"nik": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = client.post(path, data=body, content_type="application/json")
    _envelope(response, 413, "payload_too_large")


def test_oversized_body_on_an_authenticated_api_is_a_413_json_error(cast):
    client = cast.clients["citizen_a"]
    client.raise_request_exception = False
    body = json.dumps({"service": "legalisir", "data": {"nomor_dokumen": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}})
    response = client.post("/api/applications/", data=body, content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="big-1")
    _envelope(response, 413, "payload_too_large")


def test_oversized_form_post_is_a_413_page_in_indonesian(client):
    client.raise_request_exception = False
    response = client.post("/daftar/", {"full_name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert response.status_code == 413
    assert "Data terlalu besar" in response.content.decode()
    assert not User.objects.exists()


def test_too_many_form_fields_is_a_413_page(client):
    client.raise_request_exception = False
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post("/daftar/", fields)
    assert response.status_code == 413


# --- deeply nested JSON --------------------------------------------------------------------------

@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize("path", ["/api/nik/parse", "/api/pkb/simulate", "/api/auth/token"])
def test_deeply_nested_json_is_a_400_json_error(client, path, body):
    client.raise_request_exception = False
    response = client.post(path, data=body, content_type="application/json")
    _envelope(response, 400)


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_on_authenticated_apis(cast, body):
    """The case API, with its own parser list, and a register API for staff."""
    citizen = cast.clients["citizen_a"]
    citizen.raise_request_exception = False
    _envelope(citizen.post("/api/applications/", data=body, content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="deep-1"), 400)
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    app = application_create(version=current_version("legalisir"), by=cast.users["citizen_a"],
                             data=LEGALISIR_DATA).application
    _envelope(citizen.post(f"/api/applications/{app.tracking_number}/actions/", data=body,
                           content_type="application/json"), 400)
    officer = cast.clients["officer_in"]
    officer.raise_request_exception = False
    _envelope(officer.post("/api/civil/duplicates/1/decision/", data=body, content_type="application/json"), 400)


# --- Unicode names -------------------------------------------------------------------------------

SIGNUP = {"username": "nama1", "email": "nama@example.test", "phone": "081234567890", "nik": "3578084512990007",
          "password1": "Sandi-Panjang-2026!", "password2": "Sandi-Panjang-2026!", "province": "35",
          "regency": "3578", "district": "357808", "village": "3578081001", "street": "Jl. Kenanga 3",
          "rt": "1", "rw": "2"}

ACCEPTED_NAMES = [
    ("Sukarno", "Sukarno"),                                                      # a single name
    (unicodedata.normalize("NFD", "Nguyễn Văn An"), "Nguyễn Văn An"),            # combining marks, stored NFC
    ("H. Abd. Rahman, S.Pd.", "H. Abd. Rahman, S.Pd."),                           # titles
    ("Siti  Nur’aini-Putri", "Siti Nur’aini-Putri"),                              # curly apostrophe, hyphen, spaces
    ("محمد عبد الله", "محمد عبد الله"),                                            # right-to-left letters
]
REFUSED_NAMES = [
    "Budi 😀",                    # emoji
    "Bu\u200bdi",                 # zero-width space
    "Budi\u200dSantoso",          # zero-width joiner
    "\u202eonotnaS iduB",         # right-to-left override (displays reversed)
    "Budi 2",                     # digit
    XSS,
    SQL,
]


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED_NAMES)
def test_signup_accepts_real_names_and_stores_them_in_nfc(client, typed, stored):
    response = client.post("/daftar/", {**SIGNUP, "full_name": typed})
    assert response.status_code == 302, response.content.decode()[-2000:]
    user = User.objects.get(username="nama1")
    assert user.full_name == stored and unicodedata.is_normalized("NFC", user.full_name)


@pytest.mark.parametrize("typed", REFUSED_NAMES)
def test_signup_refuses_names_with_symbols_or_invisible_characters_with_a_clear_message(client, typed):
    response = client.post("/daftar/", {**SIGNUP, "full_name": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda hubung, dan apostrof" in page
    assert XSS not in page  # the refused value comes back escaped in the form
    assert not User.objects.exists()


def _birth_case(household, name):
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create
    from balai.civil.tests.test_handlers import birth_data

    card, head, wife, mother = household

    return application_create(version=current_version("akta-kelahiran"), by=mother,
                              data=birth_data(wife, head, nama_anak=name))


@pytest.fixture
def household(make_citizen):
    from balai.civil.tests.factories import make_family

    card, head, wife = make_family()
    return card, head, wife, make_citizen(nik=wife.nik, full_name=wife.full_name, identity="matched")


def test_birth_registration_child_name_nfd_becomes_nfc_in_the_register(household, make_staff):
    from balai.civil.models import Person
    from balai.civil.tests.test_handlers import birth_data, run_case

    card, head, wife, mother = household
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    app = run_case("akta-kelahiran", citizen=mother, officer=make_staff(),
                   data=birth_data(wife, head, nama_anak=nfd), uploads=("surat-lahir", "buku-nikah", "ktp-el"))
    child = Person.objects.get(nik=app.data["_civil"]["child_nik"])
    assert child.full_name == "Nguyễn Thị Ánh" == unicodedata.normalize("NFC", nfd)


@pytest.mark.parametrize("name", ["Aisyah 😀", "Ais\u200dyah", XSS, SQL])
def test_birth_registration_refuses_symbols_in_the_child_name_on_the_field(household, name):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:  # the views and the API show it on the field
        _birth_case(household, name)
    assert "Nama hanya boleh berisi huruf" in err.value.message_dict["nama_anak"][0]


# --- HTML and SQL shown back escaped ------------------------------------------------------------

def _page(client, path: str) -> str:
    cache.clear()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def _assert_escaped(page: str, *payloads: str, where: str) -> None:
    for payload, escaped in ((XSS, XSS_ESCAPED), (SQL, SQL_ESCAPED)):
        if payload in payloads:
            assert payload not in page and escaped in page, (where, payload)


def test_case_data_notes_and_rejection_reasons_are_shown_escaped(cast):
    from balai.cases.models import Attachment
    from balai.cases.selectors import current_version
    from balai.cases.services import application_act, application_create, attachment_add, attachment_review

    a, officer = cast.users["citizen_a"], cast.users["officer_in"]
    data = {**LEGALISIR_DATA, "nomor_dokumen": XSS}
    app = application_create(version=current_version("legalisir"), by=a, data=data).application
    for req in ("scan-dokumen", "ktp-el"):
        attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=a)
    app = application_act(application=app, by=a, action="submit", transaction_id="ab-1")
    app = application_act(application=app, by=officer, action="claim", transaction_id="ab-2")
    first = Attachment.objects.filter(application=app).order_by("id").first()
    attachment_review(application=app, attachment_id=first.pk, by=officer, decision="rejected",
                      reason=f"Buram {XSS} {SQL}")
    app = application_act(application=app, by=officer, action="return", note=f"Perbaiki {XSS} {SQL}",
                          transaction_id="ab-3")
    assert app.data["nomor_dokumen"] == XSS  # stored as typed (no SQL or HTML interpretation)

    t = app.tracking_number
    citizen, desk = cast.clients["citizen_a"], cast.clients["officer_in"]
    _assert_escaped(_page(citizen, f"/permohonan/{t}/"), XSS, SQL, where="citizen case page: note")
    _assert_escaped(_page(citizen, f"/permohonan/{t}/dokumen/"), XSS, SQL, where="uploads: rejection reason")
    _assert_escaped(_page(citizen, f"/permohonan/{t}/isi/"), XSS, where="form data back in the form")
    _assert_escaped(_page(desk, f"/petugas/berkas/{t}/"), XSS, SQL, where="desk: data, note, reason")

    # resubmitted and rejected: the rejection reason on the citizen's page
    attachment_add(application=app, requirement_code=first.requirement.code, upload=pdf_upload(), by=a)
    app = application_act(application=app, by=a, action="resubmit", transaction_id="ab-4")
    app = application_act(application=app, by=officer, action="claim", transaction_id="ab-5")
    app = application_act(application=app, by=officer, action="reject", note=f"Ditolak {XSS} {SQL}",
                          transaction_id="ab-6")
    page = _page(citizen, f"/permohonan/{t}/")
    assert "Ditolak " + XSS_ESCAPED in page
    _assert_escaped(page, XSS, SQL, where="citizen case page: rejection")


def test_names_and_addresses_from_the_registers_are_shown_escaped(cast):
    """Register data arrives by import and counter entry, not only through the name rule above."""
    import datetime as dt

    from balai.civil.models import Person, Relationship
    from balai.civil.services import CardAddress, family_card_create
    from balai.civil.tests.factories import make_person
    from balai.vehicles.tests.factories import make_vehicle

    a = cast.users["citizen_a"]
    head = make_person(full_name=f"Sutrisno {XSS} {SQL}", sex="M", birth_date=dt.date(1985, 8, 17))
    # the citizen's own record (name as on the account, so the account links to the card)
    make_person(full_name=a.full_name, sex="F", birth_date=dt.date(1999, 12, 5), nik=a.citizen.nik)
    wife = Person.objects.get(nik=a.citizen.nik)
    card = family_card_create(head=head, members=[(wife, Relationship.WIFE)], by=None,
                              address=CardAddress(f"Jl. {XSS}", "3", "5", "3578081001", "60281"))
    a.citizen.street = f"Jl. {XSS} {SQL}"
    a.citizen.save(update_fields=["street"])
    vehicle = make_vehicle(owner_nik=a.citizen.nik, owner_name=f"Siti {XSS}", owner_address=f"Jl. {SQL} {XSS}")
    plate = vehicle.plate.replace(" ", "")

    citizen, officer = cast.clients["citizen_a"], cast.clients["officer_in"]
    _assert_escaped(_page(citizen, "/akun/profil/"), XSS, SQL, where="profile: street")
    _assert_escaped(_page(citizen, "/kependudukan/kk-saya/"), XSS, SQL, where="my family card")
    _assert_escaped(_page(officer, f"/petugas/kependudukan/penduduk/{head.public_id}/"), XSS, where="person")
    _assert_escaped(_page(officer, f"/petugas/kependudukan/kk/{card.public_id}/"), XSS, SQL, where="family card")
    assert XSS not in _page(citizen, f"/pkb/kendaraan/{plate}/")  # (the citizen page shows no owner fields)
    _assert_escaped(_page(officer, f"/petugas/samsat/{plate}/"), XSS, SQL, where="Samsat desk: owner")
