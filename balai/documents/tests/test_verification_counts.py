"""The daily verification counters (``VerificationDay``) behind the dashboard's "documents
verified by QR": one row per day, type, unit and channel; failed verifications count nothing."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from balai.core.tests.threads import at_once
from balai.documents.models import VerificationDay
from balai.documents.tokens import make_token
from balai.documents.verification_counts import verification_count, verification_day, verifications_since

from .factories import UNIT, flip_byte, issue_letter, stored_pdf


def _rows() -> set[tuple]:
    return set(VerificationDay.objects.values_list("doc_type", "issuing_unit", "channel", "count"))


def _upload(client, url, data: bytes):
    return client.post(url, {"file": SimpleUploadedFile("dokumen.pdf", data, content_type="application/pdf")})


@pytest.mark.django_db
def test_two_qr_verifications_and_one_upload_make_two_rows(client):
    document = issue_letter()
    assert client.get(f"/verifikasi/{document.token}/").status_code == 200
    assert client.get(f"/verifikasi/{document.token}/").status_code == 200
    assert _upload(client, "/verifikasi/", stored_pdf(document)).status_code == 200
    assert _rows() == {("letter", UNIT, "qr", 2), ("letter", UNIT, "upload", 1)}
    assert {r.day for r in VerificationDay.objects.all()} == {verification_day()}


@pytest.mark.django_db
def test_failed_verifications_count_nothing(client):
    document = issue_letter()
    id_part, mac = document.token.split(".")
    for token in (make_token(document.pk + 1000), f"{id_part}.{mac[::-1]}", "garbage"):
        assert client.get(f"/verifikasi/{token}/").status_code == 404
        assert client.get(f"/api/documents/verify/{token}/").status_code == 404
    tampered = flip_byte(stored_pdf(document))
    _upload(client, "/verifikasi/", tampered)  # matches no issued document
    _upload(client, "/verifikasi/", b"not a pdf at all")
    client.post("/api/documents/verify-file/",
                {"file": SimpleUploadedFile("x.pdf", tampered, content_type="application/pdf")})
    assert not VerificationDay.objects.exists()


@pytest.mark.django_db
def test_file_check_on_the_qr_page_counts_as_upload_only_when_it_matches(client):
    document = issue_letter()
    url = f"/verifikasi/{document.token}/"
    _upload(client, url, flip_byte(stored_pdf(document)))
    assert not VerificationDay.objects.exists()  # a POST is not a QR visit, and the bytes differ
    _upload(client, url, stored_pdf(document))
    assert _rows() == {("letter", UNIT, "upload", 1)}


@pytest.mark.django_db
def test_api_lookups_count_on_the_api_channel(client):
    document = issue_letter()
    client.get(f"/api/documents/verify/{document.token}/")
    client.post("/api/documents/verify-file/",
                {"file": SimpleUploadedFile("x.pdf", stored_pdf(document), content_type="application/pdf")})
    assert _rows() == {("letter", UNIT, "api", 2)}


@pytest.mark.django_db
def test_the_day_is_jakartas_and_no_person_is_stored():
    document = issue_letter()
    # 18:30 UTC is already the next day in Jakarta (UTC+7)
    verification_count(document=document, channel="qr", moment=dt.datetime(2026, 3, 1, 18, 30, tzinfo=dt.UTC))
    verification_count(document=document, channel="qr", moment=dt.datetime(2026, 3, 1, 16, 59, tzinfo=dt.UTC))
    assert set(VerificationDay.objects.values_list("day", "count")) == {(dt.date(2026, 3, 2), 1),
                                                                        (dt.date(2026, 3, 1), 1)}
    assert [r["day"] for r in verifications_since(dt.date(2026, 3, 2))] == [dt.date(2026, 3, 2)]
    fields = {f.name for f in VerificationDay._meta.get_fields()}
    assert fields == {"id", "day", "doc_type", "issuing_unit", "channel", "count"}
    with pytest.raises(ValueError):
        verification_count(document=document, channel="sms")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [False, True])
def test_concurrent_verifications_lose_no_increment(in_transaction):
    """Every thread meets the missing row at once (all try the insert): the losers' savepoints roll
    back and their updates find the winner's row, also inside a caller's transaction."""
    document = issue_letter(subject_id="RACE-COUNT")
    moment = timezone.now()
    threads, rounds = 8, 5

    def verify_many() -> int:
        with transaction.atomic() if in_transaction else contextlib.nullcontext():
            for _ in range(rounds):
                verification_count(document=document, channel="qr", moment=moment)
        return rounds

    at_once(verify_many, threads)
    assert list(VerificationDay.objects.values_list("channel", "count")) == [("qr", threads * rounds)]
