"""Cross-account access.

For every object type, every route that takes the object's identifier is requested by an account
that does not own it (citizen B for citizen A's objects, an officer of Kabupaten Malang for
Surabaya's, the agent of point Y for point X's). The answer must be 404 — never 403, never data —
and the body must not carry any of the object's identifying values. Every route is also requested
by the rightful account first (GET routes), so an identifier that is simply wrong cannot make the
test pass.

Bills are the one exception by design: the kode bayar is a bearer code (REFERENCE §4.5, "bill
first, pay by code"): banks, agents and the public payment page inquire by it without an
account. For bills the test checks that another account sees exactly what an anonymous holder of
the code sees (amount and lines, payer name masked) and nothing more, and that an attempt id of
one bill cannot be read under another bill's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.cache import cache

from balai.cases.tests.conftest import LEGALISIR_DATA

from .conftest import A_NAME

pytestmark = pytest.mark.django_db



@dataclass
class Check:
    kind: str  # the object type
    route: str  # URL name, for the report
    actor: str  # who must get a 404
    method: str
    path: str
    owner: str  # who may open it (GET routes are probed with this account as a control)
    secrets: tuple[str, ...]
    data: dict = field(default_factory=dict)


def _checks(w) -> list[Check]:
    a = w["a"]
    t, tb = w["case_a"].tracking_number, w["case_b"].tracking_number
    att = w["attachment_a"].pk
    case_secrets = (A_NAME, a.citizen.nik, LEGALISIR_DATA["nomor_dokumen"], "ijazah-kartini")
    checks: list[Check] = []

    def add(kind, route, actors, method, path, owner, secrets, data=None):
        for actor in actors:
            checks.append(Check(kind, route, actor, method, path, owner, tuple(secrets), data or {}))

    # application: citizen B on the applicant's pages and API; an officer of another regency on the desk
    for route, suffix in (("cases:application", ""), ("cases:apply_data", "isi/"), ("cases:apply_uploads", "dokumen/"),
                          ("cases:apply_review", "kirim/"), ("cases:receipt", "tanda-terima/")):
        add("application", route, ["citizen_b", "officer_out"], "GET", f"/permohonan/{t}/{suffix}", "citizen_a",
            case_secrets)
    add("application", "cases:cancel", ["citizen_b", "officer_out"], "POST", f"/permohonan/{t}/batal/", "citizen_a",
        case_secrets)
    add("application", "cases:api-application", ["citizen_b", "officer_out"], "GET", f"/api/applications/{t}/",
        "citizen_a", case_secrets)
    add("application", "cases:api-attachments", ["citizen_b", "officer_out"], "POST",
        f"/api/applications/{t}/attachments/", "citizen_a", case_secrets)
    add("application", "cases:api-actions", ["citizen_b", "officer_out"], "POST", f"/api/applications/{t}/actions/",
        "citizen_a", case_secrets, {"action": "cancel"})
    add("application", "cases:api-track", ["citizen_b"], "GET", f"/api/track/{t}/?pin=000000", "citizen_a",
        case_secrets)
    add("application", "cases:desk_case", ["officer_out"], "GET", f"/petugas/berkas/{t}/", "officer_in",
        case_secrets)
    add("application", "cases:desk_action", ["officer_out"], "POST", f"/petugas/berkas/{t}/aksi/", "officer_in",
        case_secrets, {"action": "return"})

    # attachment: under its own case, and under the caller's own case number (a swapped id)
    # (no owner control for the swapped path: it names B's case, which A cannot open either)
    for path, owner in ((f"/berkas/{t}/lampiran/{att}/", "citizen_a"), (f"/berkas/{tb}/lampiran/{att}/", "")):
        add("attachment", "cases:attachment", ["citizen_b", "officer_out"], "GET", path, owner, case_secrets)
    for path, owner in ((f"/api/applications/{t}/attachments/{att}/", "citizen_a"),
                        (f"/api/applications/{tb}/attachments/{att}/", "")):
        add("attachment", "cases:api-attachment-file", ["citizen_b", "officer_out"], "GET", path, owner,
            case_secrets)
    add("attachment", "cases:desk_review", ["officer_out"], "POST", f"/petugas/berkas/{t}/lampiran/{att}/periksa/",
        "officer_in", case_secrets, {"decision": "verified"})
    add("attachment", "cases:api-attachment-review", ["officer_out"], "POST",
        f"/api/applications/{t}/attachments/{att}/review/", "officer_in", case_secrets, {"decision": "verified"})

    # documents (a letter) and the payment receipt: the PDFs are the owner's alone
    letter, receipt = w["letter"], w["receipt_doc"]
    add("document", "documents:download", ["citizen_b", "agent_y"], "GET", f"/dokumen/{letter.pk}/unduh/",
        "citizen_a", (A_NAME, letter.number))
    # a case's output follows the case: the officer of another regency gets a 404, the case's officer the PDF
    add("document", "documents:download", ["citizen_b", "officer_out", "agent_y"], "GET",
        f"/dokumen/{w['case_letter'].pk}/unduh/", "officer_in", (A_NAME, w["case_letter"].number))
    # a receipt follows its bill's regency: the officer of another regency gets a 404 as well
    add("payment", "documents:download", ["citizen_b", "officer_out", "agent_y"], "GET",
        f"/dokumen/{receipt.pk}/unduh/", "citizen_a", (A_NAME, receipt.number, w["collection"].payment.receipt_number))

    # vehicle: the citizen pages and the plate + chassis-tail API; the Samsat desk of another regency
    vehicle = w["vehicle"]
    plate = vehicle.plate.replace(" ", "")
    vehicle_secrets = (A_NAME, a.citizen.nik, vehicle.chassis_number, vehicle.engine_number, "Dharmawangsa")
    add("vehicle", "vehicles:vehicle", ["citizen_b"], "GET", f"/pkb/kendaraan/{plate}/", "citizen_a", vehicle_secrets)
    add("vehicle", "vehicles:pay", ["citizen_b"], "POST", f"/pkb/kendaraan/{plate}/bayar/", "citizen_a",
        vehicle_secrets)
    # the API asks for the chassis tail from everyone, the owner too (no account control; the plate is
    # the one vehicles:vehicle is controlled with)
    add("vehicle", "vehicles:api-assessment", ["citizen_b"], "GET",
        f"/api/vehicles/{plate}/assessment/?chassis_tail=ZZZZZ", "", vehicle_secrets)
    add("vehicle", "vehicles:api-bills", ["citizen_b"], "POST", f"/api/vehicles/{plate}/bills/", "citizen_a",
        vehicle_secrets, {"chassis_tail": "ZZZZZ"})
    add("vehicle", "vehicles:staff_vehicle", ["officer_out"], "GET", f"/petugas/samsat/{plate}/", "officer_in",
        vehicle_secrets)

    # bill: an attempt of A's bill under B's bill code
    bill_b, attempt = w["bill_b"], w["attempt_a"]
    add("bill", "payments:instructions", ["citizen_b", "anonymous"], "GET",
        f"/bayar/{bill_b.payment_code}/instruksi/{attempt.pk}/", "", (A_NAME, "8808123456789012"))

    # collection (the agent's cash receipt) and the day closing of point X
    c, closing = w["collection"], w["closing"]
    coll_secrets = (A_NAME, c.payment.receipt_number)
    for route, suffix in (("partners:receipt", ""), ("partners:receipt-qr", "qr.svg"),
                          ("partners:receipt-pdf", "pdf/")):
        add("collection", route, ["agent_y"], "GET", f"/agen/kuitansi/{c.pk}/{suffix}", "agent_x", coll_secrets)
    add("collection", "partners:void", ["agent_y"], "POST", f"/agen/kuitansi/{c.pk}/batal/", "agent_x", coll_secrets,
        {"reason": "salah input"})
    add("collection", "partners:closing", ["agent_y"], "GET", f"/agen/setoran/{closing.pk}/", "agent_x",
        (closing.number,))
    # no slip photo declared yet, so no owner control (partners:closing controls the id)
    add("collection", "partners:closing-slip", ["agent_y"], "GET", f"/agen/setoran/{closing.pk}/slip/", "",
        (closing.number,))

    # person and family card of Surabaya, asked by an officer of Kabupaten Malang
    head, wife, card = w["head"], w["wife"], w["card"]
    civil_secrets = (head.full_name, head.nik, wife.nik, card.kk_number, "Raya Gubeng")
    add("person", "civil:person", ["officer_out"], "GET", f"/petugas/kependudukan/penduduk/{head.public_id}/",
        "officer_in", civil_secrets)
    add("person", "civil:api-person", ["officer_out"], "GET", f"/api/civil/persons/{head.public_id}/", "officer_in",
        civil_secrets)
    add("person", "civil:api-person-reveal", ["officer_out"], "POST",
        f"/api/civil/persons/{head.public_id}/reveal/", "officer_in", civil_secrets, {"reason": "verifikasi berkas"})
    add("family card", "civil:family_card", ["officer_out"], "GET", f"/petugas/kependudukan/kk/{card.public_id}/",
        "officer_in", civil_secrets)
    add("family card", "civil:family_card_version", ["officer_out"], "GET",
        f"/petugas/kependudukan/kk/{card.public_id}/versi/1/", "officer_in", civil_secrets)
    add("family card", "civil:api-family-card", ["officer_out"], "GET", f"/api/civil/family-cards/{card.public_id}/",
        "officer_in", civil_secrets)
    add("family card", "civil:api-family-card-reveal", ["officer_out"], "POST",
        f"/api/civil/family-cards/{card.public_id}/reveal/", "officer_in", civil_secrets,
        {"reason": "verifikasi berkas"})
    return checks


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _request(client, check: Check):
    cache.clear()  # lookup throttles would otherwise answer 429
    if check.method == "GET":
        return client.get(check.path)
    return client.post(check.path, data=check.data, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=f"xacct-{check.actor}-{check.route}")


def test_another_accounts_objects_answer_404_and_show_nothing(cast, world):
    checks = _checks(world)
    # Controls first: the owner reaches every GET route (so the identifiers are the right ones).
    for check in {(c.route, c.path): c for c in checks if c.method == "GET" and c.owner}.values():
        if check.route == "cases:api-track":
            continue  # by PIN, not by account: the owner without the PIN is a 404 as well
        response = _request(cast.clients[check.owner], check)
        # 200, or the form steps of a submitted case sending its owner back to the case page
        reached = response.status_code == 200 or (
            response.status_code == 302 and "/masuk/" not in response["Location"])
        assert reached, (check.route, check.path, check.owner, response.status_code)

    failures, counted = [], {}
    for check in checks:
        response = _request(cast.clients[check.actor], check)
        body = _body(response)
        leaked = [s for s in check.secrets if s and s in body]
        if response.status_code != 404 or leaked:
            failures.append((check.kind, check.route, check.actor, check.path, response.status_code, leaked))
        counted.setdefault(check.kind, 0)
        counted[check.kind] += 1
    print(f"cross-account: {len(checks)} (object × route × actor) checks: {counted}")
    assert failures == []
    assert set(counted) == {"application", "attachment", "document", "payment", "vehicle", "bill", "collection",
                            "person", "family card"}


def test_cross_account_posts_changed_nothing(cast, world):
    """The refused POSTs above (cancel, actions, reviews, void, pay, reveal) left no trace."""
    from balai.cases.models import Attachment
    from balai.core.models import AuditEntry
    from balai.partners.models import VoidRequest

    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for check in _checks(world):
        if check.method == "POST":
            _request(cast.clients[check.actor], check)
    case = world["case_a"]
    case.refresh_from_db()
    assert case.state == "submitted"
    assert not Attachment.objects.filter(application=case).exclude(status="pending").exists()
    assert not VoidRequest.objects.exists()
    assert not AuditEntry.objects.filter(pk__gt=last, action__startswith="civil.").exists()


def test_a_bill_code_shows_another_account_no_more_than_the_public_inquiry(cast, world):
    """Bearer payment codes: citizen B holding A's code gets the same as anyone holding it."""
    bill = world["bill_a"]
    for path in (f"/bayar/{bill.payment_code}/", f"/api/bills/{bill.payment_code}/",
                 f"/bayar/{bill.payment_code}/instruksi/{world['attempt_a'].pk}/"):
        assert cast.clients["citizen_a"].get(path).status_code == 200
        for actor in ("citizen_b", "agent_y", "anonymous"):
            cache.clear()
            response = cast.clients[actor].get(path)
            assert response.status_code == 200, (path, actor)
            body = _body(response)
            assert A_NAME not in body and world["a"].citizen.nik not in body and world["a"].email not in body, (
                path, actor)


def test_agent_collection_list_holds_only_the_own_point(cast, world):
    receipt_number = world["collection"].payment.receipt_number
    cache.clear()
    mine = cast.clients["agent_x"].get("/api/partners/collections/")
    assert receipt_number in _body(mine)
    other = cast.clients["agent_y"].get("/api/partners/collections/")
    assert other.status_code == 200
    assert receipt_number not in _body(other) and world["paid_bill"].payment_code not in _body(other)


def test_citizen_b_family_card_page_shows_nothing_of_a(cast, world):
    own = _body(cast.clients["citizen_a"].get("/kependudukan/kk-saya/"))
    assert "Sutrisno" in own
    other = cast.clients["citizen_b"].get("/kependudukan/kk-saya/")
    assert other.status_code in (200, 404)
    body = _body(other)
    for secret in ("Sutrisno", world["card"].kk_number, A_NAME, world["a"].citizen.nik):
        assert secret not in body
