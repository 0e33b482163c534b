"""Personal data (UU PDP, REFERENCE §7): the citizen's download holds a section
per app with what Balai keeps about them and nothing of anyone else; staff reads of full records
are audited and can be reviewed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from .conftest import A_NAME, B_NAME

pytestmark = pytest.mark.django_db

SECTIONS = {"account", "applications", "appointments", "asn", "civil_register", "documents", "mobility",
            "notifications", "payments", "quality", "service_point_collections", "vehicles"}
COMPLAINT_TEXT = "Legalisir saya belum selesai padahal sudah lewat batas waktu."
STAFF_ANSWER = "Berkas sedang diperiksa, mohon ditunggu."
SURVEY_SUGGESTION = "Saran rahasia: ruang tunggu kurang kursi."


@pytest.fixture
def more(world, cast):
    """Citizen A's records in the newer apps, each touched by staff once: a booking moved by an
    officer, a licence the officer confirmed, a complaint the unit answered, an answered survey."""
    from balai.appointments import services as appointments
    from balai.appointments.tests.factories import make_service, open_day
    from balai.mobility.services import LicenceInput, licence_add, licence_review
    from balai.mobility.tests.factories import card_photo
    from balai.quality.models import SurveyAnswered, SurveyResponse
    from balai.quality.services.complaints import complaint_act, complaint_file

    a, officer = world["a"], cast.users["officer_in"]
    officer.full_name = "Hendra Saputra"  # a name that would stand out in an export
    officer.save(update_fields=["full_name"])
    service = make_service()
    day = open_day(service, after=2)
    booking = appointments.book(citizen=a, location=service.location, kind=service.kind, day=day,
                                start=dt.time(9, 0))
    booking = appointments.move(booking, day=day, start=dt.time(10, 0), by=officer)

    licence = licence_add(owner=a, data=LicenceInput("A", "1234-5678-9012", dt.date(2022, 2, 10)),
                          photo=card_photo())
    licence = licence_review(licence=licence, by=officer, confirm=True)

    complaint = complaint_file(by=a, subject_kind="application", subject_ref=world["case_a"].tracking_number,
                               category="delay", text=COMPLAINT_TEXT, anonymous=False).complaint
    complaint_act(complaint=complaint, by=officer, action="answer", text=STAFF_ANSWER)

    # the survey of A's case, answered: the mark names the application, the sheet names nobody
    SurveyAnswered.objects.create(application=world["case_a"])
    case_a = world["case_a"]
    SurveyResponse.objects.create(office=case_a.office, service=case_a.service_version.service,
                                  period=timezone.localdate().replace(day=1), channel="online", u1=4,
                                  suggestion=SURVEY_SUGGESTION)
    return {"booking": booking, "licence": licence, "complaint": complaint, "officer": officer}


def _export(client) -> tuple[dict, str]:
    response = client.post("/akun/data-saya/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    text = response.content.decode()
    return json.loads(text)["sections"], text


def test_export_has_every_section_with_the_citizens_data_and_nothing_of_another(cast, world, more):
    a, b = world["a"], world["b"]
    sections, text = _export(cast.clients["citizen_a"])
    assert set(sections) == SECTIONS

    (case,) = sections["applications"]
    assert case["tracking_number"] == world["case_a"].tracking_number
    assert case["form_data"]["nomor_dokumen"] == "3578-LT-01012000-0001"
    assert [att["file_name"] for att in case["attachments"]] == ["ijazah-kartini.pdf"] * 2
    assert [e["action"] for e in case["timeline"]][-1] == "submit"
    assert all("actor" not in e for e in case["timeline"])  # no staff names

    civil = sections["civil_register"]
    assert civil["person"]["nik"] == a.citizen.nik and civil["person"]["full_name"] == A_NAME
    card = civil["family_card"]
    assert card["kk_number"] == world["card"].kk_number
    head = world["head"]
    assert {m["nik"] for m in card["members"]} == {a.citizen.nik, head.nik_masked}  # others masked, as on the page

    documents = {d["number"]: d for d in sections["documents"]}
    assert set(documents) == {world["letter"].number, world["case_letter"].number, world["receipt_doc"].number}
    assert all(len(d["sha256"]) == 64 for d in documents.values())

    bills = {bill["payment_code"]: bill for bill in sections["payments"]}
    assert set(bills) == {world["bill_a"].payment_code, world["paid_bill"].payment_code}
    receipt_number = world["collection"].payment.receipt_number
    assert [p["receipt_number"] for p in bills[world["paid_bill"].payment_code]["payments"]] == [receipt_number]

    (collection,) = sections["service_point_collections"]
    assert collection["point"] == world["collection"].point.name and collection["receipt_number"] == receipt_number
    assert world["users"]["agent_x"].full_name not in text

    (vehicle,) = sections["vehicles"]
    assert vehicle["plate"] == world["vehicle"].plate and vehicle["owner_name"] == A_NAME

    (booking,) = sections["appointments"]
    assert booking["code"] == more["booking"].code and booking["status"] == "booked"
    assert booking["start"] == "10:00" and booking["date"] == more["booking"].slot.date.isoformat()
    assert booking["location"] == more["booking"].service.location.name
    assert [(e["event"], e["start"], e["by"]) for e in booking["events"]] == [
        ("booked", "09:00", "pemesan"), ("moved", "10:00", "petugas")]

    mobility = sections["mobility"]
    (licence,) = mobility["driving_licences"]
    assert licence["number"] == more["licence"].number and licence["class"] == "A"
    assert licence["status"] == "confirmed" and licence["reviewed_at"] is not None
    assert licence["photo"]["sha256"] == more["licence"].photo_sha256 and licence["expires_on"] == "2027-02-10"
    assert mobility["passports"] == mobility["passport_bookings"] == [] and mobility["held_certificate"] is None

    (complaint,) = sections["quality"]["complaints"]
    assert complaint["number"] == more["complaint"].number and complaint["text"] == COMPLAINT_TEXT
    assert complaint["status"] == "answered"
    assert [(m["from"], m["text"]) for m in complaint["messages"]] == [("pelapor", ""), ("petugas", STAFF_ANSWER)]
    # the survey: that A answered it, never what (the SKM is anonymous; quality.models)
    assert sections["quality"]["surveys_answered"] == [{"tracking_number": world["case_a"].tracking_number}]
    assert SURVEY_SUGGESTION not in text

    assert sections["asn"] is None  # a citizen, not an ASN officer
    from balai.core.personal_data import exporters

    for name in ("appointments", "mobility", "quality", "asn", "notifications"):
        json.dumps(exporters()[name](a))  # JSON as it is (the view's default=str would hide a date object)
    officer = more["officer"]
    for staff_name in (officer.full_name, officer.username):  # who moved, reviewed or answered: never named
        assert staff_name not in text, staff_name

    for secret in (B_NAME, b.citizen.nik, b.email, world["case_b"].tracking_number, world["bill_b"].payment_code,
                   head.nik):
        assert secret not in text, secret


def test_another_citizens_export_holds_only_their_own(cast, world, more):
    a = world["a"]
    sections, text = _export(cast.clients["citizen_b"])
    assert set(sections) == SECTIONS
    assert [c["tracking_number"] for c in sections["applications"]] == [world["case_b"].tracking_number]
    assert [bill["payment_code"] for bill in sections["payments"]] == [world["bill_b"].payment_code]
    assert sections["civil_register"] is None  # B's account is linked to no register record
    assert sections["documents"] == sections["vehicles"] == sections["service_point_collections"] == []
    assert sections["appointments"] == []
    assert sections["mobility"] == {"driving_licences": [], "passports": [], "passport_bookings": [],
                                    "held_certificate": None}
    assert sections["quality"] == {"complaints": [], "surveys_answered": []}
    assert sections["asn"] is None
    for secret in (A_NAME, a.citizen.nik, a.email, world["case_a"].tracking_number, world["card"].kk_number,
                   world["letter"].number, world["vehicle"].chassis_number, world["bill_a"].payment_code,
                   world["collection"].payment.receipt_number, more["booking"].code, more["licence"].number,
                   more["complaint"].number, COMPLAINT_TEXT, STAFF_ANSWER):
        assert secret not in text, secret


def test_an_asn_officers_export_holds_their_hr_record_and_training(cast):
    """The ASN section of an officer (staff export their data through the same registry)."""
    from balai.asn.services import profile_save
    from balai.asn.training import completion_record
    from balai.core.personal_data import export_for

    officer = cast.users["officer_in"]
    profile_save(user=officer, data={
        "nip": "199001012015031001", "kind": "pns", "position_type": "administrative", "functional_level": "",
        "position_name": "Verifikator", "rank": "III/a", "rank_tmt": "2024-04-01", "birth_date": "1990-01-01",
        "education": "s1", "skp_last": "baik", "skp_previous": "baik"})
    completion_record(user=officer, kind="practice", title="Meja latihan", jp=2)
    asn = json.loads(json.dumps(export_for(officer)["sections"]["asn"]))  # JSON as it is, no default=str
    assert asn["profile"]["nip"] == "199001012015031001" and asn["profile"]["birth_date"] == "1990-01-01"
    assert [(c["kind"], c["jp"]) for c in asn["completions"]] == [("practice", 2)]
    assert asn["quiz_attempts"] == asn["practice_runs"] == asn["promotions"] == [] and asn["retirement"] is None
    assert export_for(cast.users["citizen_a"])["sections"]["asn"] is None


def test_full_record_reads_are_audited_with_a_reason_and_reviewable_by_an_administrator(cast, world):
    from balai.core.models import AuditEntry

    officer = cast.clients["officer_in"]
    person, card = world["head"], world["card"]
    response = officer.post(f"/api/civil/persons/{person.public_id}/reveal/", {"reason": "Verifikasi berkas 4711"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["nik"] == person.nik
    response = officer.post(f"/api/civil/family-cards/{card.public_id}/reveal/", {"reason": "Cek KK 4712"},
                            content_type="application/json")
    assert response.status_code == 200
    reads = AuditEntry.objects.filter(action__endswith=".read_full").order_by("pk")
    assert [(e.action, e.actor, e.data["reason"]) for e in reads] == [
        ("civil.person.read_full", world["users"]["officer_in"], "Verifikasi berkas 4711"),
        ("civil.family_card.read_full", world["users"]["officer_in"], "Cek KK 4712")]

    # the administrator's review: the audit list filtered by action, with the reason as a column
    page = cast.clients["admin"].get("/admin/core/auditentry/?action=civil.person.read_full")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Verifikasi berkas 4711" in body and world["users"]["officer_in"].username in body
    assert "Cek KK 4712" not in body  # the filter works
    assert person.nik not in body  # the review shows who read what and why, not the number itself
    # read-only: the log cannot be changed from the admin
    entry = reads.first()
    assert cast.clients["admin"].post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
