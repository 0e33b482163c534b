import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from balai.cases.demo import demo_pdf, demo_png
from balai.cases.models import Application, Attachment, CaseEvent, State

from .conftest import LEGALISIR_DATA, verify_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user=user)
    return api


def create(api, citizen, data=LEGALISIR_DATA, **extra):
    return as_user(api, citizen).post("/api/applications/", {"service": "legalisir", "data": data}, format="json",
                                      **extra)


def upload(api, number, requirement, content, name="berkas.pdf"):
    return api.post(f"/api/applications/{number}/attachments/",
                    {"requirement": requirement, "file": SimpleUploadedFile(name, content)}, format="multipart")


def act(api, number, action, **body):
    return api.post(f"/api/applications/{number}/actions/", {"action": action, **body}, format="json")


def test_services_catalogue_is_public_with_standard(api):
    response = api.get("/api/services/")
    assert response.status_code == 200
    by_code = {s["code"]: s for s in response.json()}
    legalisir = by_code["legalisir"]
    assert legalisir["is_adminduk"] and legalisir["fee"] == 0 and legalisir["sla_days"] == 2
    assert {r["code"] for r in legalisir["requirements"]} == {"scan-dokumen", "ktp-el", "ikd"}
    assert next(r for r in legalisir["requirements"] if r["code"] == "ikd")["alternative_of"] == "ktp-el"
    assert legalisir["procedure"] and legalisir["product"] and legalisir["complaint_channel"]
    assert any(f["name"] == "jenis_dokumen" for f in legalisir["form_schema"])
    assert [s["code"] for s in api.get("/api/services/?q=pindah").json()] == ["skpwni"]


def test_create_returns_tracking_number_pin_and_state(api, citizen):
    response = create(api, citizen)
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "draft" and len(body["tracking_number"]) == 10 and len(body["pin"]) == 6


def test_create_with_idempotency_key_returns_same_case(api, citizen):
    first = create(api, citizen, HTTP_IDEMPOTENCY_KEY="k-1")
    again = create(api, citizen, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["tracking_number"] == first.json()["tracking_number"] and again.json()["pin"] is None
    assert Application.objects.count() == 1


def test_create_invalid_data_and_unknown_service(api, citizen):
    response = create(api, citizen, data={"jumlah_lembar": "banyak"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert "jumlah_lembar" in response.json()["error"]["fields"]["data"]
    response = as_user(api, citizen).post("/api/applications/", {"service": "tidak-ada"}, format="json")
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_full_flow_over_the_api(api, citizen, make_staff, fake_documents, django_capture_on_commit_callbacks):
    number = create(api, citizen).json()["tracking_number"]
    # submit without documents: 422 listing each
    response = act(api, number, "submit")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "missing_requirements"
    assert set(response.json()["error"]["fields"]) == {"scan-dokumen", "ktp-el"}
    assert upload(api, number, "scan-dokumen", demo_pdf()).status_code == 201
    assert upload(api, number, "ktp-el", demo_png(), "ktp.png").status_code == 201
    response = act(api, number, "submit", transaction_id="t1")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert response.json()["due_date"]
    # officer
    officer = make_staff()
    staff_api = as_user(APIClient(), officer)
    queue = staff_api.get("/api/desk/queue/").json()
    assert queue["counts"]["submitted"] == 1 and queue["results"][0]["tracking_number"] == number
    assert queue["results"][0]["subject_nik"].count("*") == 6
    assert act(staff_api, number, "claim").json()["state"] == "in_review"
    detail = staff_api.get(f"/api/applications/{number}/").json()
    for attachment in detail["attachments"]:
        r = staff_api.post(f"/api/applications/{number}/attachments/{attachment['id']}/review/",
                           {"decision": "verified"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "verified"
    with django_capture_on_commit_callbacks(execute=True):
        assert act(staff_api, number, "approve").status_code == 200
    detail = api.get(f"/api/applications/{number}/").json()
    assert detail["state"] == "completed" and detail["outputs"][0]["verify_url"]
    assert [e["action"] for e in detail["events"]][-2:] == ["approve", "complete"]
    # download the attachment through the access-checked endpoint
    file_response = api.get(f"/api/applications/{number}/attachments/{detail['attachments'][0]['id']}/")
    assert file_response.status_code == 200 and file_response["X-Content-Type-Options"] == "nosniff"
    assert file_response["Content-Disposition"].startswith("attachment")


def test_action_errors(api, citizen, make_case, officer):
    app = make_case()
    as_user(api, citizen)
    response = act(api, app.tracking_number, "approve")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"
    response = act(api, app.tracking_number, "fly")
    assert response.status_code == 400
    staff_api = as_user(APIClient(), officer)
    act(staff_api, app.tracking_number, "claim")
    response = act(staff_api, app.tracking_number, "reject")
    assert response.status_code == 400 and response.json()["error"]["code"] == "note_required"
    response = act(staff_api, app.tracking_number, "approve")
    assert response.status_code == 422 and response.json()["error"]["code"] == "requirements_not_verified"
    second = as_user(APIClient(), __import__("balai.accounts.models", fromlist=["User"]).User.objects.create(
        username="x", role="officer"))
    assert act(second, app.tracking_number, "claim").status_code == 404  # no staff profile → no scope


def test_action_retry_with_transaction_id_is_idempotent(api, make_case):
    app = make_case(submit=False)
    from balai.cases.services import attachment_add

    from .conftest import pdf_upload

    for req in ("scan-dokumen", "ktp-el"):
        attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=app.applicant)
    as_user(api, app.applicant)
    first = act(api, app.tracking_number, "submit", transaction_id="same")
    second = act(api, app.tracking_number, "submit", transaction_id="same")
    assert first.status_code == second.status_code == 200
    assert CaseEvent.objects.filter(application=app, action="submit").count() == 1


@pytest.mark.parametrize("content, name, status, code", [
    (b"", "kosong.pdf", 400, "empty_file"),
    (b"<html><script>alert(1)</script></html>", "foto.jpg", 415, "unsupported_media_type"),
    (b"GIF89a" + b"\x00" * 100, "gambar.gif", 415, "unsupported_media_type"),
])
def test_upload_errors(api, make_case, content, name, status, code):
    app = make_case(submit=False)
    as_user(api, app.applicant)
    response = upload(api, app.tracking_number, "scan-dokumen", content, name)
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert not Attachment.objects.exists()


def test_upload_too_large_is_413(api, make_case, settings):
    settings.CASES_MAX_UPLOAD_BYTES = 2048
    app = make_case(submit=False)
    as_user(api, app.applicant)
    big = demo_pdf() + b"%" + b"x" * 4096 + b"\n%%EOF\n"
    response = upload(api, app.tracking_number, "scan-dokumen", big)
    assert response.status_code == 413 and response.json()["error"]["code"] == "file_too_large"


def test_upload_not_allowed_after_submit(api, make_case):
    app = make_case()
    as_user(api, app.applicant)
    response = upload(api, app.tracking_number, "scan-dokumen", demo_pdf())
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


def test_out_of_scope_is_404_everywhere(api, make_case, make_staff, make_citizen):
    app = make_case()
    malang = as_user(APIClient(), make_staff(jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang"))
    stranger = as_user(APIClient(), make_citizen(nik="3578084512990077"))
    for client in (malang, stranger):
        assert client.get(f"/api/applications/{app.tracking_number}/").status_code == 404
        assert act(client, app.tracking_number, "claim").status_code == 404
        assert act(client, app.tracking_number, "cancel").status_code == 404
        assert upload(client, app.tracking_number, "scan-dokumen", demo_pdf()).status_code == 404
    assert malang.get("/api/desk/queue/").json()["total"] == 0
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


def test_same_regency_other_unit_cannot_see(make_case, make_staff):
    app = make_case()
    samsat = as_user(APIClient(), make_staff(unit="UPT PPD Surabaya Timur"))
    assert samsat.get(f"/api/applications/{app.tracking_number}/").status_code == 404


def test_track_endpoint(api, make_case, officer):
    app = make_case()
    response = api.get(f"/api/track/{app.tracking_number}/?pin={app.pin}")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "submitted" and body["due_date"]
    assert [e["action"] for e in body["timeline"]] == ["create", "submit"]
    text = response.content.decode()
    assert app.subject_name not in text and app.subject_nik not in text and "nomor_dokumen" not in text
    wrong = api.get(f"/api/track/{app.tracking_number}/?pin={'1' if app.pin[0] != '1' else '2'}{app.pin[1:]}")
    unknown = api.get("/api/track/0000000000/?pin=123456")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_wsgi_serves_tracking_through_the_public_short_stack(make_case):
    """gunicorn's entry point routes public tracking around sessions, auth, CSRF and CSP; the answer
    is the same JSON, with the request id and the language of Accept-Language."""
    import io
    import json

    from balai import wsgi
    from balai.core.tests.wsgi import call_wsgi, middleware_chain

    chain = [type(m).__name__ for m in middleware_chain(wsgi._tracking)]
    assert "SessionMiddleware" not in chain and "AuthenticationMiddleware" not in chain
    assert {"RequestIdMiddleware", "LocaleMiddleware", "SecurityMiddleware"} <= set(chain)
    app = make_case()

    def get(pin: str, language: str) -> tuple[dict, bytes]:
        status, headers, body = call_wsgi({
            "REQUEST_METHOD": "GET", "PATH_INFO": f"/api/track/{app.tracking_number}/", "QUERY_STRING": f"pin={pin}",
            "SERVER_NAME": "localhost", "SERVER_PORT": "80", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""), "HTTP_ACCEPT_LANGUAGE": language})
        return {"status": status, "headers": headers}, body

    seen, body = get(app.pin, "id")
    assert seen["status"].startswith("200") and "X-Request-ID" in seen["headers"]
    assert "Set-Cookie" not in seen["headers"]
    indonesian = json.loads(body)
    assert indonesian["tracking_number"] == app.tracking_number and indonesian["state"] == "submitted"
    english = json.loads(get(app.pin, "en")[1])
    assert english["state"] == "submitted" and english["state_label"] != indonesian["state_label"]
    seen, body = get("000000", "id")
    assert seen["status"].startswith("404") and app.tracking_number not in body.decode()


def test_track_endpoint_is_throttled(api, make_case, monkeypatch):
    from balai.cases.api import TrackThrottle

    # monkeypatch restores the class attribute: no tighter rate leaks into later tests
    monkeypatch.setattr(TrackThrottle, "THROTTLE_RATES", {**TrackThrottle.THROTTLE_RATES, "tracking": "3/min"})
    app = make_case()
    codes = [api.get(f"/api/track/{app.tracking_number}/?pin=000000").status_code for _ in range(5)]
    assert codes[:3] == [404, 404, 404] and codes[3:] == [429, 429]


def test_queue_filters_and_counts(make_case, officer, make_staff):
    a, b, c = make_case(), make_case(), make_case()
    from balai.cases.services import application_act

    application_act(application=b, by=officer, action="claim")
    staff_api = as_user(APIClient(), officer)
    body = staff_api.get("/api/desk/queue/").json()
    assert body["counts"]["submitted"] == 2 and body["counts"]["in_review"] == 1 and body["total"] == 3
    assert {r["tracking_number"] for r in staff_api.get("/api/desk/queue/?state=in_review").json()["results"]} == {
        b.tracking_number}
    assert staff_api.get("/api/desk/queue/?mine=1").json()["results"][0]["tracking_number"] == b.tracking_number
    assert staff_api.get("/api/desk/queue/?service=skpwni").json()["results"] == []
    assert staff_api.get("/api/desk/queue/?regency=3507").json()["results"] == []
    for bad in ("service=sk%00pwni", "regency=35%0007"):  # a NUL would reach PostgreSQL's text fields
        refused = staff_api.get(f"/api/desk/queue/?{bad}")
        assert refused.status_code == 400 and set(refused.json()["error"]["fields"]) == {bad.split("=")[0]}, bad
    assert staff_api.get("/api/desk/queue/?overdue=1").json()["results"] == []
    Application.objects.filter(pk=c.pk).update(due_date="2020-01-02")
    overdue = staff_api.get("/api/desk/queue/?overdue=1").json()["results"]
    assert [r["tracking_number"] for r in overdue] == [c.tracking_number] and overdue[0]["overdue"]
    assert as_user(APIClient(), a.applicant).get("/api/desk/queue/").status_code == 403


def test_reassign_by_supervisor_over_api(make_case, make_staff):
    app = make_case()
    holder, target, sup = make_staff(username="holder"), make_staff(username="target"), make_staff(role="supervisor")
    act(as_user(APIClient(), holder), app.tracking_number, "claim")
    response = act(as_user(APIClient(), holder), app.tracking_number, "reassign", assignee="target")
    assert response.status_code == 409
    response = act(as_user(APIClient(), sup), app.tracking_number, "reassign", assignee="target")
    assert response.status_code == 200 and response.json()["assignee"] == target.full_name


def test_schema_documents_endpoints_and_errors(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    action = paths["/api/applications/{tracking_number}/actions/"]["post"]["responses"]
    assert {"200", "404", "409", "422"} <= set(action)
    uploads = paths["/api/applications/{tracking_number}/attachments/"]["post"]["responses"]
    assert {"201", "404", "409", "413", "415"} <= set(uploads)
    for path in ("/api/services/", "/api/applications/", "/api/applications/{tracking_number}/",
                 "/api/desk/queue/", "/api/track/{tracking_number}/"):
        assert path in paths
    assert "404" in paths["/api/track/{tracking_number}/"]["get"]["responses"]


def test_my_applications_list(api, make_case):
    app = make_case()
    body = as_user(api, app.applicant).get("/api/applications/").json()
    assert [a["tracking_number"] for a in body] == [app.tracking_number]


def test_verify_then_approve_after_claim_by_supervisor(make_case, supervisor, fake_documents):
    app = make_case()
    from balai.cases.services import application_act

    application_act(application=app, by=supervisor, action="claim")
    verify_all(app, supervisor)
    assert application_act(application=app, by=supervisor, action="approve").state == State.APPROVED
