"""``balai repair_text``: rows stored before balai.core.text are listed (dry run) and repaired
(--apply): audited, resumable, never printing a full NIK, append-only tables left alone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import DataError, connection, transaction

from balai.accounts.models import User
from balai.cases.models import Application, CaseEvent
from balai.core import text_repair
from balai.core.audit import verify_chain
from balai.core.models import AuditEntry, Counter

pytestmark = pytest.mark.django_db

GOOD = {"jenis_dokumen": "akta_kelahiran", "nomor_dokumen": "3578-LT-01012000-0001", "jumlah_lembar": 2}
SQLITE = connection.vendor == "sqlite"


SEEDED = ("--model", "cases.application", "--model", "accounts.user", "--model", "cases.caseevent")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("repair_text", *args, "--no-progress", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(make_citizen):
    """Bad rows written past the validators (QuerySet.update), as old code could store them."""
    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    citizen = make_citizen(full_name="Siti Aminah")
    app = application_create(version=current_version("legalisir"), by=citizen, data=GOOD).application
    data = {**GOOD, "keperluan": "Untuk 3578081708850101\x1b[31m melamar", "catatan": "Baris\r\nkedua", "nama": "Jose\u0301"}
    if SQLITE:  # PostgreSQL refuses a lone surrogate in jsonb (see test below)
        data["lain"] = ["ok", "a\ud800b"]
    Application.objects.filter(pk=app.pk).update(data=data)
    User.objects.filter(pk=citizen.pk).update(full_name="Siti\x07 Aminah\ufffe")
    event = CaseEvent.objects.filter(application=app).first()
    CaseEvent.objects.filter(pk=event.pk).update(note="catatan\x00lama" if SQLITE else "catatan\x01lama")
    return app, citizen, event


def test_dry_run_lists_without_changing_and_masks_nik(seeded):
    app, citizen, event = seeded
    before = list(AuditEntry.objects.values_list("pk", flat=True))
    out = run()  # every table (regions included: the slow one)
    assert f"cases.application #{app.pk} data: " in out
    assert "keperluan: control" in out and "catatan: carriage_return" in out and "nama: not_nfc" in out
    assert f"accounts.user #{citizen.pk} full_name: control, noncharacter" in out
    assert f"cases.caseevent #{event.pk} note: control [listed only" in out
    if SQLITE:
        assert "lain.1: surrogate" in out
    assert "3578081708850101" not in out and "melamar" not in out  # codes and paths only, never the text
    assert "dry run: 2 rows would be repaired, 1 listed only" in out
    assert Application.objects.get(pk=app.pk).data["nama"] == "Jose\u0301"
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == before


def test_apply_repairs_audits_and_is_idempotent(seeded):
    app, citizen, event = seeded
    note = CaseEvent.objects.get(pk=event.pk).note
    out = run("--apply", *SEEDED)
    assert "2 rows repaired, 0 left (unique conflict), 1 listed only" in out
    data = Application.objects.get(pk=app.pk).data
    assert data["keperluan"] == "Untuk 3578081708850101[31m melamar"
    assert data["catatan"] == "Baris\nkedua" and data["nama"] == "Jos\u00e9"
    if SQLITE:
        assert data["lain"] == ["ok", "ab"]
    assert User.objects.get(pk=citizen.pk).full_name == "Siti Aminah"
    assert CaseEvent.objects.get(pk=event.pk).note == note  # append-only: listed, not changed
    entries = AuditEntry.objects.filter(action="core.text_repaired")
    assert {(e.object_type, e.object_id) for e in entries} == {("cases.application", str(app.pk)),
                                                             ("accounts.user", str(citizen.pk))}
    assert all("3578081708850101" not in str(e.data) for e in entries)
    assert all(problem is None for _stream, _n, problem in verify_chain())  # the audit chain is untouched
    assert not Counter.objects.filter(key__startswith="repair_text:").exists()
    assert "0 rows repaired" in run("--apply", *SEEDED) and "dry run: 0 rows would be repaired" in run(*SEEDED)


def test_apply_resumes_after_an_interruption(seeded, make_citizen, monkeypatch):
    app, citizen, _event = seeded
    other = make_citizen(full_name="Budi")
    User.objects.filter(pk=other.pk).update(full_name="Bu\x0bdi")
    real_apply, calls = text_repair._apply, []

    def flaky(model, finding):
        calls.append(finding.pk)
        if len(calls) == 2:
            raise RuntimeError("connection lost")
        real_apply(model, finding)

    monkeypatch.setattr(text_repair, "_apply", flaky)
    with pytest.raises(RuntimeError):
        run("--apply", "--model", "accounts.user", "--batch-size", "1")
    assert User.objects.get(pk=citizen.pk).full_name == "Siti Aminah"  # the first batch committed
    assert User.objects.get(pk=other.pk).full_name == "Bu\x0bdi"  # the failed batch rolled back
    assert Counter.objects.get(key="repair_text:accounts.user").value == citizen.pk
    monkeypatch.setattr(text_repair, "_apply", real_apply)
    out = run("--apply", "--model", "accounts.user", "--batch-size", "1")
    assert f"accounts.user: resumed after #{citizen.pk}" in out and "1 rows repaired" in out
    assert User.objects.get(pk=other.pk).full_name == "Budi"
    assert AuditEntry.objects.filter(action="core.text_repaired", object_id=str(citizen.pk)).count() == 1
    assert Application.objects.get(pk=app.pk).data["nama"] == "Jose\u0301"  # --model: other tables untouched


def test_a_repair_that_would_collide_is_left_and_reported(make_citizen):
    first, second = make_citizen(), make_citizen()
    User.objects.filter(pk=first.pk).update(username="jos\u00e9")
    User.objects.filter(pk=second.pk).update(username="jose\u0301")
    out = run("--apply", "--model", "accounts.user")
    assert f"accounts.user #{second.pk} username: not_nfc [left as is" in out
    assert "0 rows repaired, 1 left (unique conflict)" in out
    assert User.objects.get(pk=second.pk).username == "jose\u0301"


def test_unknown_model_is_an_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("--model", "cases.nothing")


@pytest.mark.skipif(SQLITE, reason="what PostgreSQL refuses at the write")
def test_postgresql_refuses_surrogates_and_nul_at_the_write(seeded):
    app, _citizen, _event = seeded
    for bad in ({"x": "a\ud800"}, {"x": "a\x00"}):
        with pytest.raises((DataError, ValueError)), transaction.atomic():
            Application.objects.filter(pk=app.pk).update(data=bad)
    with pytest.raises((DataError, ValueError)), transaction.atomic():
        User.objects.filter(pk=app.applicant_id).update(full_name="a\x00")
