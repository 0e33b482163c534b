"""Adminduk services on the case engine: birth, family card, KTP-el (REFERENCE §2)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from balai.appointments.models import Booking
from balai.cases.demo import demo_pdf
from balai.cases.handlers import handler_for
from balai.cases.models import Application, ServiceVersion
from balai.cases.selectors import current_version
from balai.cases.services import application_act, application_create, attachment_add, attachment_review
from balai.civil.models import BirthRecord, FamilyCard, Membership, Person
from balai.core.api import ApiError

from .factories import make_family, make_person

_tx = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "m")}}}


def upload(app, code, by):
    attachment_add(application=app, requirement_code=code,
                   upload=SimpleUploadedFile(f"{code}.pdf", demo_pdf(code), content_type="application/pdf"), by=by)


def run_case(code, *, citizen, officer, data, uploads=()):
    app = application_create(version=current_version(code), by=citizen, data=data).application
    for req in uploads:
        upload(app, req, citizen)
    app = application_act(application=app, by=citizen, action="submit", transaction_id=f"t{next(_tx)}")
    app = application_act(application=app, by=officer, action="claim", transaction_id=f"t{next(_tx)}")
    for attachment in app.attachments.all():
        attachment_review(application=app, attachment_id=attachment.pk, by=officer, decision="verified")
    return application_act(application=app, by=officer, action="approve", transaction_id=f"t{next(_tx)}")


def birth_data(wife, head, **kw):
    data = {"nama_anak": "Aisyah Putri", "jenis_kelamin": "F", "tanggal_lahir": (timezone.localdate() - dt.timedelta(days=10)).isoformat(),
            "tempat_lahir": "Surabaya", "agama": "islam", "nik_ibu": wife.nik, "nik_ayah": head.nik,
            "bukti_kelahiran": "surat_lahir", "bukti_perkawinan": "buku_nikah", "jam_lahir": "07:45"}
    data.update(kw)
    return data


@pytest.mark.django_db
def test_birth_case_gives_nik_certificate_and_family_card_as_one_package(household, make_staff):
    card, head, wife, mother = household
    officer = make_staff()
    app = run_case("akta-kelahiran", citizen=mother, officer=officer, data=birth_data(wife, head),
                   uploads=("surat-lahir", "buku-nikah", "ktp-el"))
    assert app.state == "approved"
    facts = app.data["_civil"]
    child = Person.objects.get(nik=facts["child_nik"])
    born = timezone.localdate() - dt.timedelta(days=10)
    assert child.nik.startswith(f"357808{born.day + 40:02d}{born:%m%y}")
    assert Membership.objects.get(person=child, is_active=True).relationship == "anak"
    card.refresh_from_db()
    assert card.current_version == 2 == facts["card_version"]
    specs = handler_for(app.service_version).outputs(app)
    assert [s.doc_type for s in specs] == ["akta_kelahiran", "kk"]
    akta, kk = specs[0].context, specs[1].context
    assert akta["registration_number"].startswith("3578-LU-")
    assert akta["father_name"] == "Sutrisno" and akta["nik"] == child.nik
    assert kk["kk_number"] == card.kk_number and kk["members"][-1]["relationship_label"] == "Anak"
    assert app.office.name == "Dispendukcapil Kota Surabaya"


@pytest.mark.django_db
def test_case_is_routed_by_family_address_not_account_address(make_citizen, make_staff):
    card, head, wife = make_family()
    mother = make_citizen(nik=wife.nik, full_name=wife.full_name, village="3507012001",  # account says Malang
                          identity="matched")
    app = application_create(version=current_version("akta-kelahiran"), by=mother,
                             data=birth_data(wife, head)).application
    app = Application.objects.get(pk=app.pk)
    assert app.regency_code == "3578" and app.office.regency_code == "3578"


@pytest.mark.django_db
def test_late_birth_is_accepted_with_head_decision_and_no_fee(household, make_staff):
    card, head, wife, mother = household
    old = (timezone.localdate() - dt.timedelta(days=400)).isoformat()
    app = run_case("akta-kelahiran", citizen=mother, officer=make_staff(), data=birth_data(wife, head, tanggal_lahir=old),
                   uploads=("surat-lahir", "ktp-el"))
    record = BirthRecord.objects.get(pk=app.data["_civil"]["birth_record"])
    assert record.is_late and "-LT-" in record.registration_number and "Kepala" in record.late_decision
    assert app.service_version.fee == 0


@pytest.mark.django_db
def test_mother_only_without_marriage_evidence(household, make_staff):
    card, head, wife, mother = household
    app = run_case("akta-kelahiran", citizen=mother, officer=make_staff(),
                   data=birth_data(wife, head, bukti_perkawinan="tidak_ada", bukti_kelahiran="sptjm"), uploads=("sptjm-kelahiran", "ktp-el"))
    record = BirthRecord.objects.get(pk=app.data["_civil"]["birth_record"])
    assert record.mother_only and record.birth_letter_by_sptjm
    assert handler_for(app.service_version).outputs(app)[0].context["father_name"] == ""


@pytest.mark.django_db
def test_mother_must_be_on_the_family_card(household):
    from django.core.exceptions import ValidationError

    card, head, wife, mother = household
    stranger = make_person(full_name="Orang Lain", sex="F")
    with pytest.raises(ValidationError) as err:
        application_create(version=current_version("akta-kelahiran"), by=mother,
                           data=birth_data(wife, head, nik_ibu=stranger.nik))
    assert "nik_ibu" in err.value.message_dict


@pytest.mark.django_db
def test_adminduk_catalogue_refuses_a_fee():
    version = current_version("akta-kelahiran")
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceVersion.objects.filter(pk=version.pk).update(fee=5000)
    for code in ("akta-kelahiran", "kk-baru", "kk-perubahan-data", "kk-hilang-rusak", "ktp-el-baru",
                 "ktp-el-ganti", "ktp-el-perubahan"):
        v = current_version(code)
        assert v.is_adminduk and v.fee == 0 and v.handler == code


@pytest.mark.django_db
def test_ktp_first_issue_eligibility_from_register(make_citizen, make_staff):
    card, head, wife = make_family()
    tomorrow = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    teen = make_person(full_name="Dimas", birth_date=timezone.localdate() - dt.timedelta(days=16 * 365),
                       marital_status="belum_kawin")
    from balai.civil.services import family_card_add_member

    family_card_add_member(card=card, person=teen, relationship="anak", by=None)
    teen_user = make_citizen(nik=teen.nik, full_name="Dimas", identity="matched")
    with pytest.raises(ApiError, match="Belum wajib KTP-el"):  # refused before a draft exists
        application_create(version=current_version("ktp-el-baru"), by=teen_user, data={"tanggal_datang": tomorrow})
    # married at 16: eligible (UU 24/2013 Art. 63)
    Person.objects.filter(pk=teen.pk).update(marital_status="kawin")
    app = run_case("ktp-el-baru", citizen=teen_user, officer=make_staff(), data={"tanggal_datang": tomorrow})
    booking = Booking.objects.get(code=app.data["_civil"]["appointment"])
    assert booking.kind == "ktp-recording" and booking.service.location.regency_id == "3578"
    assert booking.citizen == teen_user and booking.subject_ref == app.tracking_number
    spec = handler_for(app.service_version).outputs(app)[0]
    assert spec.doc_type == "ktp_el_receipt" and not spec.context["ready_for_pickup"]


@pytest.mark.django_db
def test_ktp_recording_from_16_prints_at_17(make_citizen, make_staff, settings):
    """REFERENCE §2.4 (Disdukcapil practice): a single 16-year-old may have the biometrics recorded;
    the card is printed at 17. The recording age is a setting."""
    from balai.civil.services import family_card_add_member

    card, head, wife = make_family()
    today = timezone.localdate()
    born = dt.date(today.year - 16, 3, 1) if (today.month, today.day) >= (3, 1) else dt.date(today.year - 17, 12, 1)
    teen = make_person(full_name="Ayu", birth_date=born, marital_status="belum_kawin", sex="F")
    family_card_add_member(card=card, person=teen, relationship="anak", by=None)
    teen_user = make_citizen(nik=teen.nik, full_name="Ayu", identity="matched")
    when = (today + dt.timedelta(days=7)).isoformat()

    settings.CIVIL_KTP_RECORDING_MIN_AGE = 17  # an office that does not record early
    with pytest.raises(ApiError, match="Belum wajib KTP-el"):  # refused before a draft exists
        application_create(version=current_version("ktp-el-baru"), by=teen_user, data={"tanggal_datang": when})
    del settings.CIVIL_KTP_RECORDING_MIN_AGE  # the default: 16
    app = run_case("ktp-el-baru", citizen=teen_user, officer=make_staff(), data={"tanggal_datang": when})
    booking = Booking.objects.get(code=app.data["_civil"]["appointment"])
    assert booking.kind == "ktp-recording" and app.data["_civil"]["purpose"] == "recording"
    context = handler_for(app.service_version).outputs(app)[0].context
    assert context["print_from"] == born.replace(year=born.year + 17).isoformat()
    assert not context["ready_for_pickup"]

    # once recorded, a second "new" application waits for the 17th birthday
    Person.objects.filter(pk=teen.pk).update(biometric_recorded_at=today)
    with pytest.raises(ApiError, match="Belum wajib KTP-el"):  # refused before a draft exists
        application_create(version=current_version("ktp-el-baru"), by=teen_user, data={"tanggal_datang": when})


@pytest.mark.django_db
def test_ktp_replacement_for_recorded_person_is_ready_for_pickup(household, make_staff, settings):
    settings.CIVIL_LOST_KTP_POLICE_REPORT = {"3578": False}
    card, head, wife, mother = household
    Person.objects.filter(pk=wife.pk).update(biometric_recorded_at=dt.date(2018, 1, 2), ktp_issued_at=dt.date(2018, 2, 1))
    when = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    app = run_case("ktp-el-ganti", citizen=mother, officer=make_staff(), data={"alasan": "hilang", "tanggal_datang": when})
    spec = handler_for(app.service_version).outputs(app)[0]
    assert spec.context["ready_for_pickup"] and spec.context["purpose"] == "pickup"


@pytest.mark.django_db
def test_lost_ktp_police_report_is_configurable_per_regency(household, make_staff, settings):
    settings.CIVIL_LOST_KTP_POLICE_REPORT = {"3578": True}
    card, head, wife, mother = household
    Person.objects.filter(pk=wife.pk).update(biometric_recorded_at=dt.date(2018, 1, 2), ktp_issued_at=dt.date(2018, 2, 1))
    when = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    with pytest.raises(ApiError) as err:
        run_case("ktp-el-ganti", citizen=mother, officer=make_staff(), data={"alasan": "hilang", "tanggal_datang": when})
    assert err.value.error_code == "police_report_required"


@pytest.mark.django_db
def test_a_full_day_moves_the_ktp_visit_to_the_next_day_with_room(make_citizen):
    """The visit is booked through the booking engine: a full preferred day gives the first free
    slot after it, and the same case asking again keeps its booking."""
    from balai.appointments.models import BookableService, Location, Slot
    from balai.civil.services import ktp_visit_book

    desk = Location.objects.create(kind="disdukcapil", regency_id="3578", name="Disdukcapil uji", address="Jl. Uji",
                                   opens=dt.time(8), closes=dt.time(9), follows_calendar=True)
    BookableService.objects.create(location=desk, kind="ktp-recording", slot_minutes=60, capacity=1)
    a, b = make_person(full_name="A"), make_person(full_name="B")
    monday = timezone.localdate() + dt.timedelta(days=(7 - timezone.localdate().weekday()) % 7 or 7)
    first = ktp_visit_book(citizen=make_citizen(), person=a, regency_code="3578", purpose="recording",
                           preferred=monday, application_ref="APP-A")
    second_citizen = make_citizen()
    second = ktp_visit_book(citizen=second_citizen, person=b, regency_code="3578", purpose="recording",
                            preferred=monday, application_ref="APP-B")
    assert first.slot.date >= monday and second.slot.date > first.slot.date
    assert Slot.objects.get(service__location=desk, date=first.slot.date).booked == 1
    again = ktp_visit_book(citizen=second_citizen, person=b, regency_code="3578", purpose="recording",
                           preferred=monday, application_ref="APP-B")
    assert again.pk == second.pk


@pytest.mark.django_db
def test_new_family_after_marriage_splits_from_parents(make_citizen, make_staff):
    from balai.civil.services import CardAddress, family_card_create

    parents_card, father, mother = make_family()
    son = make_person(full_name="Rizky", birth_date=dt.date(1998, 4, 4), marital_status="belum_kawin")
    from balai.civil.services import family_card_add_member

    family_card_add_member(card=parents_card, person=son, relationship="anak", by=None)
    bride = make_person(full_name="Dewi", sex="F", birth_date=dt.date(2000, 6, 6), marital_status="belum_kawin")
    family_card_create(head=make_person(full_name="Pak Slamet"), members=[(bride, "anak")], by=None,
                       address=CardAddress("Jl. Mawar 2", "1", "1", "3578081002"))
    user = make_citizen(nik=son.nik, full_name="Rizky", identity="matched")
    app = run_case("kk-baru", citizen=user, officer=make_staff(), uploads=("buku-nikah", "ktp-el"), data={
        "nik_pasangan": bride.nik, "kepala_keluarga": "saya", "tanggal_perkawinan": "2026-01-10",
        "nomor_buku_nikah": "123/45/I/2026", "alamat": "Jl. Baru 1", "rt": 2, "rw": 3, "kode_desa": "3578081003"})
    card = FamilyCard.objects.get(pk=app.data["_civil"]["card"])
    assert card.head == son and card.kk_number != parents_card.kk_number
    assert set(Membership.objects.filter(family_card=card, is_active=True).values_list("relationship", flat=True)) == \
        {"kepala", "istri"}
    parents_card.refresh_from_db()
    assert not parents_card.memberships.filter(person=son, is_active=True).exists()
    assert parents_card.current_version == 3  # v2 son added, v3 son left
    son.refresh_from_db()
    assert son.marital_status == "kawin"


@pytest.mark.django_db
def test_lost_family_card_needs_police_report(household, make_staff):
    card, head, wife, mother = household
    with pytest.raises(ApiError) as err:
        run_case("kk-hilang-rusak", citizen=mother, officer=make_staff(), data={"alasan": "hilang"},
                 uploads=("kk-rusak", "ktp-el"))
    assert err.value.error_code == "police_report_required"
    app = run_case("kk-hilang-rusak", citizen=mother, officer=make_staff(), data={"alasan": "hilang"},
                   uploads=("surat-kehilangan", "ktp-el"))
    card.refresh_from_db()
    assert card.current_version == 2 and card.versions.first().reason == "lost"
    assert handler_for(app.service_version).outputs(app)[0].doc_type == "kk"


@pytest.mark.django_db
def test_change_of_occupation_reissues_card(household, make_staff):
    card, head, wife, mother = household
    run_case("kk-perubahan-data", citizen=mother, officer=make_staff(), uploads=("dokumen-pendukung", "ktp-el"),
             data={"nik_anggota": wife.nik, "elemen": "pekerjaan", "nilai_baru": "Dosen"})
    wife.refresh_from_db()
    card.refresh_from_db()
    assert wife.occupation == "Dosen" and card.current_version == 2


@pytest.mark.django_db
def test_birth_outputs_are_signed_documents(household, make_staff, signing):
    from balai.cases.services import application_issue_outputs
    from balai.documents.models import Document

    card, head, wife, mother = household
    app = run_case("akta-kelahiran", citizen=mother, officer=make_staff(), data=birth_data(wife, head),
                   uploads=("surat-lahir", "buku-nikah", "ktp-el"))
    app = application_issue_outputs(application_id=app.pk)
    assert app.state == "completed"
    assert [o["title"] for o in app.outputs] == ["Kutipan Akta Kelahiran", "Kartu Keluarga"]
    docs = Document.objects.filter(pk__in=[o["document_id"] for o in app.outputs]).order_by("pk")
    assert [d.doc_type for d in docs] == ["akta_kelahiran", "kk"]
    assert all(d.status == "valid" and d.owner_id == mother.pk for d in docs)
    assert all(o["verify_url"] for o in app.outputs)
