"""Regressions of the citizen and officer flows (cases side)."""

import re

import pytest

from balai.cases.models import Application, State
from balai.cases.services import pin_matches

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db


def _ready_draft(client, make_case):
    app = make_case(submit=False)
    from balai.cases.services import attachment_add

    for req in ("scan-dokumen", "ktp-el"):
        attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=app.applicant)
    client.force_login(app.applicant)
    return app


def test_the_pin_is_shown_once_right_after_submitting_and_never_in_a_replay(client, make_case):
    app = _ready_draft(client, make_case)
    number = app.tracking_number
    review = client.get(f"/permohonan/{number}/kirim/").content.decode()
    txid = re.search(r'name="transaction_id" value="([0-9a-f]+)"', review).group(1)
    first = client.post(f"/permohonan/{number}/kirim/", {"transaction_id": txid})
    assert first.status_code == 302 and first["Location"].endswith("/tanda-terima/")
    page = client.get(first["Location"]).content.decode()
    pin = re.search(r'id="pin">(\d{6})<', page).group(1)
    stored = Application.objects.get(pk=app.pk)
    assert stored.state == State.SUBMITTED and pin_matches(stored, pin) and stored.pin_hash != pin
    assert not any(pin in str(v) for v in client.session.values())  # taken out when shown
    # afterwards the receipt never shows it again
    assert 'id="pin"' not in client.get(first["Location"]).content.decode()
    # the same form sent again (a refresh, a double click): a replay, no PIN
    again = client.post(f"/permohonan/{number}/kirim/", {"transaction_id": txid})
    assert again.status_code == 302 and 'id="pin"' not in client.get(again["Location"]).content.decode()
    assert pin_matches(Application.objects.get(pk=app.pk), pin)


def test_the_unverified_requirements_message_ends_with_one_full_stop(client, make_case, officer):
    from balai.cases.services import application_act
    from balai.conftest import totp_code

    app = make_case()
    application_act(application=app, by=officer, action="claim")
    client.post("/masuk/", {"username": officer.username, "password": officer.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(officer)})
    response = client.post(f"/petugas/berkas/{app.tracking_number}/aksi/", {"action": "approve", "transaction_id": "a1"},
                           follow=True)
    text = [str(m) for m in response.context["messages"]]
    assert len(text) == 1 and "belum diverifikasi" in text[0], text
    assert ".;" not in text[0] and ".." not in text[0] and text[0].endswith("belum diverifikasi."), text
    assert text[0].count("belum diverifikasi") == 2 and "belum diverifikasi; " in text[0]


def test_case_pages_show_dates_in_words_in_the_page_language(client, make_case, officer):
    import datetime as dt

    from balai.cases.selectors import current_version
    from balai.cases.services import application_act
    from balai.conftest import totp_code
    from balai.core.formatting import format_date_ui

    from .conftest import LEGALISIR_DATA

    version = current_version("legalisir")
    version.form_schema = [*version.form_schema,
                           {"name": "tanggal_ambil", "label": "Tanggal ambil", "type": "date", "required": False}]
    version.save(update_fields=["form_schema"])
    app = make_case(data={**LEGALISIR_DATA, "tanggal_ambil": "2026-11-20"})
    application_act(application=app, by=officer, action="claim")
    today = dt.date.today()
    client.force_login(app.applicant)
    page = client.get(f"/permohonan/{app.tracking_number}/").content.decode()
    assert "2026-11-20" not in page and "20 November 2026" in page
    assert format_date_ui(today, language="id") in page  # the timeline and the due date
    client.cookies["django_language"] = "en"
    english = client.get(f"/permohonan/{app.tracking_number}/").content.decode()
    assert "20 November 2026" in english and format_date_ui(app.due_date, language="en") in english
    client.logout()
    client.post("/masuk/", {"username": officer.username, "password": officer.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(officer)})
    client.cookies["django_language"] = "id"
    desk = client.get(f"/petugas/berkas/{app.tracking_number}/").content.decode()
    assert "2026-11-20" not in desk and "20 November 2026" in desk
    assert format_date_ui(today, language="id") in desk


def test_timelines_and_messages_name_actions_in_words(client, make_case, officer):
    from balai.cases.models import CaseEvent, WorkflowAction
    from balai.cases.selectors import case_detail, timeline
    from balai.cases.services import application_act
    from balai.conftest import totp_code

    from .conftest import verify_all

    app = make_case()
    application_act(application=app, by=officer, action="claim")
    verify_all(app, officer)
    # an action a catalogue admin added to a workflow: its name, never its code
    WorkflowAction.objects.create(workflow_id=app.workflow_id, code="minta_konfirmasi", name="Minta konfirmasi",
                                  from_states=["in_review"], to_state="in_review", roles=["officer"])
    CaseEvent.objects.create(application=app, seq=99, action="minta_konfirmasi", from_state="in_review",
                             to_state="in_review", actor=officer, actor_role="officer")
    labels = [e["label"] for e in timeline(case_detail(Application.objects.get(pk=app.pk)))]
    assert "Persyaratan diverifikasi: Pindaian dokumen asli" in labels, labels
    assert "Minta konfirmasi" in labels and "minta_konfirmasi" not in labels
    client.post("/masuk/", {"username": officer.username, "password": officer.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(officer)})
    desk = client.get(f"/petugas/berkas/{app.tracking_number}/").content.decode()
    history = desk.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert "minta_konfirmasi" not in history and "Minta konfirmasi" in history
    # a refused action names the action in words
    response = client.post(f"/petugas/berkas/{app.tracking_number}/aksi/",
                           {"action": "resubmit", "transaction_id": "x1"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "'resubmit'" not in text and "Diajukan ulang" in text, text


def test_the_owner_deletes_a_draft_after_confirming_and_only_a_draft(client, make_case, make_citizen,
                                                                     django_capture_on_commit_callbacks):
    from balai.cases.models import Attachment, CaseEvent
    from balai.core.models import AuditEntry

    draft = _ready_draft(client, make_case)
    number = draft.tracking_number
    stored = [a.file.name for a in Attachment.objects.filter(application=draft)]
    storage = Attachment._meta.get_field("file").storage
    assert stored and all(storage.exists(n) for n in stored)
    page = client.get(f"/permohonan/{number}/").content.decode()
    assert f'href="/permohonan/{number}/hapus/"' in page
    confirm = client.get(f"/permohonan/{number}/hapus/")
    assert confirm.status_code == 200 and "Ya, hapus draf" in confirm.content.decode()
    assert Application.objects.filter(pk=draft.pk).exists()  # the confirmation page deletes nothing
    # another citizen cannot
    client.force_login(make_citizen())
    assert client.post(f"/permohonan/{number}/hapus/").status_code == 404
    client.force_login(draft.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        with_commit = client.post(f"/permohonan/{number}/hapus/")
    assert not any(storage.exists(n) for n in stored)  # the uploads go with the draft
    assert with_commit.status_code == 302 and with_commit["Location"] == "/permohonan/"
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not CaseEvent.objects.filter(application_id=draft.pk).exists()
    entry = AuditEntry.objects.get(action="cases.draft_deleted", object_id=number)
    assert entry.actor_id == draft.applicant.pk and entry.data["attachments"] == 2
    # a submitted case is cancelled, never deleted
    submitted = make_case()
    client.force_login(submitted.applicant)
    assert "/hapus/" not in client.get(f"/permohonan/{submitted.tracking_number}/").content.decode()
    client.post(f"/permohonan/{submitted.tracking_number}/hapus/")
    assert Application.objects.get(pk=submitted.pk).state == State.SUBMITTED
