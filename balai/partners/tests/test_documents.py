"""PDFs through balai.documents: the signed receipt (payments' receipt flow) and the commission
statement (document_issue, doc_type "letter"); a void revokes the receipt."""

from datetime import timedelta

import pytest
from django.utils import timezone

from balai.partners.services import collection_record, void_decide, void_request
from balai.payments.models import Receipt

from .factories import key, make_bill

pytestmark = pytest.mark.django_db(transaction=True)  # receipts are issued on commit


def test_receipt_pdf_and_void_revokes_it(signing, agent_client, agent, supervisor):
    from balai.documents.models import Document

    collection = collection_record(agent_user=agent.user, payment_code=make_bill().payment_code,
                                   idempotency_key=key()).collection
    receipt = Receipt.objects.get(payment=collection.payment)
    response = agent_client.get(f"/agen/kuitansi/{collection.pk}/pdf/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    void = void_request(collection=collection, by=agent.user, reason="salah kode")
    void_decide(void=void, by=supervisor, approve=True, note="dikembalikan")
    assert Document.objects.get(pk=receipt.document_id).status == "revoked"


def test_commission_statement_pdf_for_a_past_month(signing, client, agent, supervisor, monkeypatch):
    from balai.conftest import totp_code
    from balai.partners import statements
    from balai.partners.models import ServicePoint

    ServicePoint.objects.filter(pk=agent.point_id).update(commission_kind="percent", commission_value=50)
    agent.point.refresh_from_db()
    collection_record(agent_user=agent.user, payment_code=make_bill().payment_code, idempotency_key=key())
    today = timezone.localdate()
    # pretend the month has ended
    monkeypatch.setattr(statements.timezone, "localdate", lambda: today + timedelta(days=40))
    client.post("/masuk/", {"username": supervisor.username, "password": supervisor.raw_password})
    client.post("/masuk/verifikasi/", {"code": totp_code(supervisor)})
    response = client.get(f"/mitra/titik/{agent.point.pk}/komisi/{today.year}-{today.month}.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    csv_text = client.get(f"/mitra/titik/{agent.point.pk}/komisi/{today.year}-{today.month}.csv").content.decode()
    assert csv_text.strip().endswith("TOTAL,1,,,260000,1300")  # 0.5 % of 260,000, rounded down
