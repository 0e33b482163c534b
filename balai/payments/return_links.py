"""The payer's documents without an account: a link signed for one payment.

Like GOV.UK Pay's return page: whoever paid (through the sandbox bank or any channel) comes back
to ``/bayar/<kode>/`` and finds a link signed with ``django.core.signing`` (``balai.documents.links``:
salted, expiring after 30 days) that downloads the receipt and, for vehicle tax, the e-TBPKP. The
link names only the payment's row id, nothing personal. The documents are still reached through
``balai.documents.selectors.access_document_by_link``; each download is audited.
"""

from __future__ import annotations

import re

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from balai.core import audit
from balai.documents import links
from balai.documents.registry import doc_type_label
from balai.documents.selectors import access_document_by_link

from .models import Payment
from .states import PaymentStatus

KIND = "payment"


def receipt_subjects(reference: str):
    """What a payment's link opens on the payments side: its receipt (subject ``payment``)."""
    if Payment.objects.filter(pk=int(reference) if reference.isdigit() else 0, status=PaymentStatus.POSTED).exists():
        yield ("payment", reference)


def register() -> None:
    links.register_link_subjects(KIND, receipt_subjects)


def payment_of(reference: str) -> Payment | None:
    """The posted payment a link names (for apps that add their documents of the bill)."""
    if not reference.isdigit():
        return None
    return Payment.objects.filter(pk=int(reference), status=PaymentStatus.POSTED).select_related("bill").first()


def link_context(payment: Payment | None) -> dict:
    """For the bill page: the signed link and, per document issued so far, its signed download."""
    if payment is None:
        return {}
    token = links.sign(KIND, payment.pk)
    documents = links.documents_for(links.grant_for(token))
    return {"link_page": reverse("payments:documents_link", args=[token]),
            "link_days": links.max_age_seconds() // 86400,
            "link_documents": [_row(token, d) for d in documents]}


def _row(token: str, document) -> dict:
    return {"label": doc_type_label(document.doc_type), "number": document.number, "doc_type": document.doc_type,
            "url": reverse("payments:documents_link_download", args=[token, document.pk]),
            "verify_url": document.verify_url}


def _refused(request: HttpRequest, exc: links.LinkError) -> HttpResponse:
    return render(request, "payments/link_refused.html",
                  {"expired": exc.expired, "link_days": links.max_age_seconds() // 86400},
                  status=410 if exc.expired else 404)


@never_cache
@require_GET
def documents_link_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        documents = links.documents_for(links.grant_for(token))
    except links.LinkError as exc:
        return _refused(request, exc)
    return render(request, "payments/link_documents.html",
                  {"documents": [_row(token, d) for d in documents], "link_days": links.max_age_seconds() // 86400})


@never_cache
@require_GET
def documents_link_download(request: HttpRequest, token: str, pk: int) -> HttpResponse | FileResponse:
    try:
        document = access_document_by_link(token=token, pk=pk)
    except links.LinkError as exc:
        return _refused(request, exc)
    actor = request.user if request.user.is_authenticated else None
    audit.record(action="document.downloaded", actor=actor, object_type="document", object_id=document.pk,
                 data={"number": document.number, "via": "signed_link"})
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{document.doc_type}-{document.number}").strip("-") + ".pdf"
    response = FileResponse(default_storage.open(document.storage_key, "rb"), as_attachment=True,
                            filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
