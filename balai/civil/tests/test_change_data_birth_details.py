"""KK data change: correcting a member's name, place or date of birth to the birth certificate.
Approval changes the register record (audited) and prints a new KK version; bad input is a
field error on the form, in Indonesian or English, and nothing is written."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from balai.cases.selectors import current_version
from balai.cases.services import application_create, application_update_data
from balai.civil.models import FamilyCard, FamilyCardVersion, Person
from balai.civil.selectors import printed_identities
from balai.core.models import AuditEntry

from .test_handlers import _media, run_case  # noqa: F401  (_media: uploads into a temporary folder)

pytestmark = pytest.mark.django_db
_n = itertools.count(1)
UPLOADS = ("dokumen-pendukung", "ktp-el")


def _kk_row(card, person):
    version = FamilyCardVersion.objects.get(family_card=card, number=FamilyCard.objects.get(pk=card.pk).current_version)
    return next(m for m in version.snapshot["members"] if m["nik"] == person.nik)


@pytest.mark.parametrize(("data", "field", "expected"), [
    ({"elemen": "nama", "nilai_baru": "  Siti   Aminatun "}, "full_name", "Siti Aminatun"),
    ({"elemen": "tempat_lahir", "nilai_baru": "Kabupaten Sidoarjo"}, "birth_place", "Kabupaten Sidoarjo"),
    ({"elemen": "tanggal_lahir", "tanggal_lahir_baru": "1999-12-15"}, "birth_date", dt.date(1999, 12, 15)),
])
def test_an_approved_correction_changes_the_record_and_prints_a_new_kk(household, make_staff, data, field, expected):
    card, head, wife, citizen = household
    officer = make_staff()
    run_case("kk-perubahan-data", citizen=citizen, officer=officer, uploads=UPLOADS,
             data={"nik_anggota": wife.nik, **data})
    wife.refresh_from_db()
    assert getattr(wife, field) == expected
    card.refresh_from_db()
    assert card.current_version == 2
    row = _kk_row(card, wife)
    assert row[field] == (expected.isoformat() if isinstance(expected, dt.date) else expected)
    assert getattr(printed_identities(wife)["kk"], field) == expected
    entry = AuditEntry.objects.filter(action="civil.person.change", object_id=str(wife.pk)).latest("id")
    assert entry.data["fields"] == [field] and entry.actor_id == officer.pk
    head.refresh_from_db()
    assert head.full_name == "Sutrisno"  # only the member named


def test_a_kk_lagging_behind_a_corrected_record_is_printed_again(household, make_staff):
    # the record already says "Siti Aminatun" (corrected earlier), the printed KK still "Siti Aminah"
    from balai.civil.services import person_change_data

    card, _head, wife, citizen = household
    person_change_data(person=wife, changes={"full_name": "Siti Aminatun"}, by=None, reissue=False)
    run_case("kk-perubahan-data", citizen=citizen, officer=make_staff(), uploads=UPLOADS,
             data={"nik_anggota": wife.nik, "elemen": "nama", "nilai_baru": "Siti Aminatun"})
    assert _kk_row(card, wife)["full_name"] == "Siti Aminatun"


def _draft(citizen):
    return application_create(version=current_version("kk-perubahan-data"), by=citizen).application


def _refused(citizen, data) -> dict[str, list[str]]:
    app = _draft(citizen)
    with pytest.raises(ValidationError) as err:
        application_update_data(application=app, by=citizen, data=data)
    return err.value.message_dict


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"elemen": "tanggal_lahir"}, "tanggal_lahir_baru", "Isi tanggal lahir yang benar"),
    ({"elemen": "tanggal_lahir", "tanggal_lahir_baru": "FUTURE"}, "tanggal_lahir_baru", "masa depan"),
    ({"elemen": "tanggal_lahir", "tanggal_lahir_baru": "1899-12-31"}, "tanggal_lahir_baru", "1900"),
    ({"elemen": "tanggal_lahir", "tanggal_lahir_baru": "2001-02-30"}, "tanggal_lahir_baru", ""),
    ({"elemen": "tanggal_lahir", "tanggal_lahir_baru": "5-12-1999"}, "tanggal_lahir_baru", ""),
    ({"elemen": "nama"}, "nilai_baru", "Nama wajib diisi"),
    ({"elemen": "nama", "nilai_baru": "   "}, "nilai_baru", "Nama wajib diisi"),
    ({"elemen": "nama", "nilai_baru": "Siti Aminah 2"}, "nilai_baru", "Nama hanya boleh"),
    ({"elemen": "nama", "nilai_baru": "Siti\u202eAminah"}, "nilai_baru", "U+202E"),
    ({"elemen": "tempat_lahir"}, "nilai_baru", "Isi tempat lahir yang benar"),
    ({"elemen": "tempat_lahir", "nilai_baru": "Sura\x00baya"}, "nilai_baru", "U+0000"),
    ({"elemen": "tempat_lahir", "nilai_baru": "12345"}, "nilai_baru", "Isi tempat lahir yang benar"),
    ({"elemen": "tempat_lahir", "nilai_baru": "Surabaya"}, "nilai_baru", "sudah sama"),
])
def test_bad_new_values_are_field_errors_and_nothing_is_written(household, data, field, message):
    card, _head, wife, citizen = household
    if data.get("tanggal_lahir_baru") == "FUTURE":
        data = {**data, "tanggal_lahir_baru": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}
    before = Person.objects.filter(pk=wife.pk).values().get()
    errors = _refused(citizen, {"nik_anggota": wife.nik, **data})
    assert set(errors) == {field}, errors
    assert message in " ".join(errors[field])
    assert Person.objects.filter(pk=wife.pk).values().get() == before
    assert FamilyCard.objects.get(pk=card.pk).current_version == 1
    assert not AuditEntry.objects.filter(action="civil.person.change").exists()


def test_a_future_date_is_refused_by_the_register_service_too(household):
    from balai.civil.services import RegisterError, person_change_data

    _card, _head, wife, _citizen = household
    with pytest.raises(RegisterError) as err:
        person_change_data(person=wife, changes={"birth_date": timezone.localdate() + dt.timedelta(days=1)}, by=None)
    assert err.value.code == "birth_date_in_future"
    wife.refresh_from_db()
    assert wife.birth_date == dt.date(1999, 12, 5)


def test_the_form_shows_the_error_at_its_field_in_indonesian_and_in_english(client, household):
    _card, _head, wife, citizen = household
    client.force_login(citizen)
    number = re.search(r"/permohonan/(\d{10})/", client.post("/layanan/kk-perubahan-data/ajukan/")["Location"]).group(1)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    post = {"d-nik_anggota": wife.nik, "d-elemen": "tanggal_lahir", "d-tanggal_lahir_baru": future}
    for language, label, text in (
            ("id", "Tanggal lahir yang benar (sesuai akta kelahiran)", "Tanggal lahir tidak boleh di masa depan."),
            ("en", "The correct date of birth (as on the birth certificate)", "The date of birth cannot be in the future.")):
        client.cookies["django_language"] = language
        with translation.override("id"):  # the request's language must not outlive it (later tests)
            page = client.post(f"/permohonan/{number}/isi/", post).content.decode()
        assert label in page
        errors = re.search(r'<ul class="errors" id="id_d-tanggal_lahir_baru_error">(.*?)</ul>', page, re.S)
        assert errors is not None and text in errors.group(1)
    assert Person.objects.get(pk=wife.pk).birth_date == dt.date(1999, 12, 5)
