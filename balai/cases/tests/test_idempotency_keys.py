"""An ``Idempotency-Key`` means the same on ``POST /api/applications/`` as on the
payments API (one implementation, ``balai.core.idempotency``): the same request is answered again,
a different request under the same key is refused with 422 ``idempotency_key_reused``."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from rest_framework.test import APIClient

from balai.cases.models import Application
from balai.cases.selectors import current_version
from balai.cases.services import application_create
from balai.core.api import ApiError
from balai.core.tests.threads import at_once
from balai.payments.models import IdempotencyRecord

from .conftest import LEGALISIR_DATA

URL = "/api/applications/"


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def create(api, key, data=None, service="legalisir"):
    return api.post(URL, {"service": service, "data": data or LEGALISIR_DATA}, format="json",
                    HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_same_key_with_another_body_is_422_not_the_first_case(citizen):
    api = api_as(citizen)
    first = create(api, "k-1")
    other = create(api, "k-1", data={**LEGALISIR_DATA, "jumlah_lembar": 5})
    assert first.status_code == 201
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert "tracking_number" not in other.json()
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_same_key_same_body_is_answered_again_without_the_pin(citizen):
    api = api_as(citizen)
    first = create(api, "k-2")
    again = create(api, "k-2")
    assert first.status_code == 201 and len(first.json()["pin"]) == 6
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == {**first.json(), "pin": None}
    assert Application.objects.count() == 1
    # the PIN is shown once and kept only hashed: never in the key table
    stored = IdempotencyRecord.objects.get(scope="cases.application_create", key="k-2")
    assert stored.response_body["pin"] is None and first.json()["pin"] not in str(stored.response_body)


@pytest.mark.django_db
def test_a_key_kept_on_a_case_refuses_another_service(citizen):
    # What stays after the key table's 24 hours, and what the HTML forms get.
    first = application_create(version=current_version("legalisir"), by=citizen, idempotency_key="form-1")
    assert application_create(version=current_version("legalisir"), by=citizen,
                              idempotency_key="form-1").application == first.application
    with pytest.raises(ApiError) as exc:
        application_create(version=current_version("skpwni"), by=citizen, idempotency_key="form-1")
    assert exc.value.error_code == "idempotency_key_reused" and exc.value.status_code == 422


@pytest.mark.django_db
def test_long_keys_sharing_a_prefix_are_two_keys(citizen):
    api = api_as(citizen)
    prefix = "p" * 80
    first = create(api, prefix + "-satu")
    second = create(api, prefix + "-dua")
    assert first.status_code == second.status_code == 201
    assert first.json()["tracking_number"] != second.json()["tracking_number"]
    assert create(api, "k" * 256).status_code == 400  # longer than any key table holds


@pytest.mark.django_db
def test_the_schema_documents_the_idempotency_answers(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    responses = schema["paths"][URL]["post"]["responses"]
    assert "idempotency_key_reused" in responses["422"]["description"]
    assert "idempotency_key_in_progress" in responses["409"]["description"]
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_make_one_case(make_citizen):
    citizen = make_citizen(nik="3578084512990081")
    answers = at_once(lambda: create(api_as(citizen), "race-1"), 6)
    codes = sorted(r.status_code for r in answers)
    assert codes.count(201) == 1 and set(codes) <= {200, 201, 409}
    numbers = {r.json()["tracking_number"] for r in answers if r.status_code in (200, 201)}
    assert len(numbers) == 1 and Application.objects.count() == 1
    assert {r.json()["error"]["code"] for r in answers if r.status_code == 409} <= {"idempotency_key_in_progress"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_different_bodies_under_one_key_make_one_case(make_citizen):
    citizen = make_citizen(nik="3578084512990082")
    sheets = itertools.count(1)
    answers = at_once(lambda: create(api_as(citizen), "race-2", data={**LEGALISIR_DATA, "jumlah_lembar": next(sheets)}),
                      6)
    codes = sorted(r.status_code for r in answers)
    assert codes.count(201) == 1 and set(codes) <= {201, 409, 422}
    assert Application.objects.count() == 1
