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
