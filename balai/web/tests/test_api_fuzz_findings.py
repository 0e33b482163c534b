"""Regression tests for what the API fuzzing (test_api_fuzz.py) found, one per finding."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from balai.cases.api import ReviewSerializer
from balai.civil.api import DecisionSerializer


@pytest.fixture(scope="module")
def openapi():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_json_number_for_a_text_field_is_refused():
    # DRF's CharField turned {"reason": 0} into "0"; the schema says string (balai.core.api.RequestSerializer)
    body = ReviewSerializer(data={"decision": "rejected", "reason": 0})
    assert not body.is_valid() and set(body.errors) == {"reason"}
    assert ReviewSerializer(data={"decision": "rejected", "reason": "Buram"}).is_valid()
    form = QueryDict(mutable=True)
    form.update({"decision": "rejected", "reason": "0"})  # a form sends text: still fine
    assert ReviewSerializer(data=form).is_valid()


def test_duplicate_decision_must_be_an_explicit_boolean():
    # A multipart/form body without is_duplicate was read as False: the held record became active.
    assert not DecisionSerializer(data=QueryDict("note=x")).is_valid()
    assert not DecisionSerializer(data=QueryDict("is_duplicate=0")).is_valid()
    form = DecisionSerializer(data=QueryDict("is_duplicate=false"))
    assert form.is_valid() and form.validated_data["is_duplicate"] is False
    assert not DecisionSerializer(data={"is_duplicate": "true"}).is_valid()  # JSON: a string is not a boolean
    assert not DecisionSerializer(data={"is_duplicate": 1}).is_valid()
    body = DecisionSerializer(data={"is_duplicate": True})
    assert body.is_valid() and body.validated_data["is_duplicate"] is True


@pytest.mark.django_db
def test_desk_queue_validates_its_query(staff_client):
    client, _user = staff_client("officer")
    assert client.get("/api/desk/queue/?state=AAA").status_code == 400  # was 200 with an empty queue
    assert client.get("/api/desk/queue/?limit=-1").json()["error"]["fields"].keys() == {"limit"}
    assert client.get("/api/desk/queue/?offset=-1").status_code == 400
    assert client.get("/api/desk/queue/?overdue=maybe").status_code == 400
    ok = client.get("/api/desk/queue/?state=submitted&mine=1&overdue=false&limit=500")
    assert ok.status_code == 200 and ok.json()["total"] == 0


def test_civil_lists_are_documented_as_pages(openapi):
    for path in ("/api/civil/persons/", "/api/civil/family-cards/", "/api/civil/duplicates/"):
        ref = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = openapi["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert set(page["properties"]) == {"count", "next", "previous", "results"}, path


def test_attachment_download_documents_the_file_types(openapi):
    path = "/api/applications/{tracking_number}/attachments/{attachment_id}/"
    content = openapi["paths"][path]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/pdf", "image/jpeg", "image/png"}


@pytest.mark.django_db
def test_snap_fields_with_control_characters_are_invalid_fields(request):
    # A bank's paymentRequestId with a NUL byte was a 500 "General Error" on PostgreSQL (the flag's
    # insert failed): now the SNAP answer for an invalid field, and nothing is recorded.
    from balai.conftest import put_back_beneficiaries
    from balai.payments.models import Payment
    from balai.payments.snap.models import SnapPaymentFlag
    from balai.payments.snap.tests.helpers import INQUIRY_URL, STATUS_URL, TestBank
    from balai.payments.snap.tests.test_conformance import make_bill

    put_back_beneficiaries(request)
    bank, bill = TestBank.register(), make_bill()
    paid = bank.pay(bill, request_id="ab\x00cd")
    assert paid.status_code == 400 and paid.json()["responseCode"] == "4002501", paid.content
    assert paid.json()["responseMessage"] == "Invalid Field Format [paymentRequestId]"
    asked = bank.call(INQUIRY_URL, {**bank.va(bill), "inquiryRequestId": "q\x001"})
    assert asked.status_code == 400 and asked.json()["responseCode"] == "4002401"
    status = bank.call(STATUS_URL, {**bank.va(bill), "paymentRequestId": "p\x1b1"})
    assert status.status_code == 400 and status.json()["responseCode"] == "4002601"
    digits = bank.call(INQUIRY_URL, {**bank.va(bill), "customerNo": "١٢٣٤٥", "inquiryRequestId": "q2"})
    assert digits.json()["responseCode"] == "4002401"  # Arabic-Indic digits are no payment code
    assert not SnapPaymentFlag.objects.exists() and not Payment.objects.exists()
    assert bank.pay(bill).status_code == 200
