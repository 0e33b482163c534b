"""Personal data (UU PDP, REFERENCE §7): the citizen's download holds a section
per app with what Balai keeps about them and nothing of anyone else; staff reads of full records
are audited and can be reviewed."""

from __future__ import annotations

import json

import pytest

from .conftest import A_NAME, B_NAME

pytestmark = pytest.mark.django_db

SECTIONS = {"account", "applications", "civil_register", "documents", "payments", "service_point_collections",
            "vehicles"}


def _export(client) -> tuple[dict, str]:
    response = client.post("/akun/data-saya/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    text = response.content.decode()
    return json.loads(text)["sections"], text


def test_export_has_every_section_with_the_citizens_data_and_nothing_of_another(cast, world):
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

    for secret in (B_NAME, b.citizen.nik, b.email, world["case_b"].tracking_number, world["bill_b"].payment_code,
                   head.nik):
        assert secret not in text, secret


def test_another_citizens_export_holds_only_their_own(cast, world):
    a = world["a"]
    sections, text = _export(cast.clients["citizen_b"])
    assert set(sections) == SECTIONS
    assert [c["tracking_number"] for c in sections["applications"]] == [world["case_b"].tracking_number]
    assert [bill["payment_code"] for bill in sections["payments"]] == [world["bill_b"].payment_code]
    assert sections["civil_register"] is None  # B's account is linked to no register record
    assert sections["documents"] == sections["vehicles"] == sections["service_point_collections"] == []
    for secret in (A_NAME, a.citizen.nik, a.email, world["case_a"].tracking_number, world["card"].kk_number,
                   world["letter"].number, world["vehicle"].chassis_number, world["bill_a"].payment_code,
                   world["collection"].payment.receipt_number):
        assert secret not in text, secret


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
