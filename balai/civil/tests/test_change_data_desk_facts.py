"""A KK data change on the officer's desk page: the register's value now beside the requested one
(and the KK as printed, when a correction finds it behind the record); none once decided."""

import itertools

import pytest
from django.utils import translation

from balai.cases.handlers import handler_for
from balai.cases.models import Application
from balai.cases.selectors import current_version
from balai.cases.services import application_act, application_create

from .test_handlers import _media, run_case, upload  # noqa: F401  (_media: uploads into a temporary folder)

pytestmark = pytest.mark.django_db
_tx = itertools.count(1)
UPLOADS = ("dokumen-pendukung", "ktp-el")


def _submitted(citizen, data) -> Application:
    app = application_create(version=current_version("kk-perubahan-data"), by=citizen, data=data).application
    for code in UPLOADS:
        upload(app, code, citizen)
    return application_act(application=app, by=citizen, action="submit", transaction_id=f"s{next(_tx)}")


def _facts(app):
    with translation.override("id"):
        return [(str(label), value) for label, value in handler_for(app.service_version).desk_facts(app)]


def test_the_desk_page_shows_the_registers_value_beside_the_request(household, staff_client):
    _card, _head, wife, citizen = household
    app = _submitted(citizen, {"nik_anggota": wife.nik, "elemen": "status_perkawinan", "nilai_baru": "cerai hidup"})
    client, _officer = staff_client("officer")
    page = client.get(f"/petugas/berkas/{app.tracking_number}/").content.decode()
    assert "Tercatat di data kependudukan saat ini" in page
    assert '<dd class="record-now">Kawin</dd>' in page  # the register's label, not its code
    client.cookies["django_language"] = "en"
    with translation.override("id"):  # the request's language must not outlive it (later tests)
        page = client.get(f"/petugas/berkas/{app.tracking_number}/").content.decode()
    assert "In the population register now" in page and '<dd class="record-now">Married</dd>' in page


def test_a_correction_shows_the_record_and_the_printed_kk_when_they_differ(household):
    from balai.civil.services import person_change_data

    _card, _head, wife, citizen = household
    app = _submitted(citizen, {"nik_anggota": wife.nik, "elemen": "tanggal_lahir", "tanggal_lahir_baru": "1999-12-15"})
    assert _facts(app) == [("Tercatat di data kependudukan saat ini", "5 Desember 1999")]
    person_change_data(person=wife, changes={"full_name": "Siti Aminatun"}, by=None, reissue=False)
    app = _submitted(citizen, {"nik_anggota": wife.nik, "elemen": "nama", "nilai_baru": "Siti Aminatun Nisa"})
    assert _facts(app) == [("Tercatat di data kependudukan saat ini", "Siti Aminatun"),
                           ("Tercetak di KK saat ini", "Siti Aminah")]


def test_an_address_change_shows_the_cards_address_and_a_decided_case_nothing(household, make_staff):
    _card, _head, wife, citizen = household
    data = {"nik_anggota": wife.nik, "elemen": "alamat", "alamat": "Jl. Kertajaya 5", "rt": "1", "rw": "2",
            "kode_desa": "3578061001"}
    app = _submitted(citizen, data)
    [(label, value)] = _facts(app)
    assert (label, value) == ("Alamat KK saat ini", "Jl. Raya Gubeng No. 12, RT 003/RW 005, Gubeng")
    decided = run_case("kk-perubahan-data", citizen=citizen, officer=make_staff(), uploads=UPLOADS,
                       data={"nik_anggota": wife.nik, "elemen": "pekerjaan", "nilai_baru": "Guru"})
    assert _facts(decided) == []
