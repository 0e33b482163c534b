from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balai.core import audit
from balai.core.throttling import IPRateThrottle
from balai.core.typing import AuthedHttpRequest

from .forms import VerifyFileForm
from .selectors import access_document, document_for_token, documents_for_owner
from .verification import UploadRejected, check_file, check_request_size, read_upload
from .verification_counts import verification_count


def _not_found(request: HttpRequest) -> HttpResponse:
    # One page for unknown ids, tampered tokens and unfinished documents: nothing is revealed.
    return render(request, "documents/not_found.html", status=404)


class UploadThrottle(IPRateThrottle):
    """Per-client budget for PDF checks, shared by this page and POST /api/documents/verify-file/
    (and by every worker: the counters are the shared atomic ones of balai.core.throttling)."""

    scope = "document_verify_file"


def _upload_form(request: HttpRequest) -> VerifyFileForm:
    if request.method != "POST":
        return VerifyFileForm()
    try:
        check_request_size(request.META)
    except UploadRejected as exc:
        form = VerifyFileForm({})
        form.is_valid()
        form.errors.clear()
        form.add_error("file", exc.message)
        return form
    return VerifyFileForm(request.POST, request.FILES)


def _file_check(request: HttpRequest, form: VerifyFileForm, document=None):
    if request.method != "POST" or not form.is_valid():
        return None
    # a plain Django request and no view: this throttle reads only request.META
    if not UploadThrottle().allow_request(request, None):  # type: ignore[arg-type]
        form.add_error("file", _("Terlalu banyak pemeriksaan dari perangkat ini. Coba lagi sebentar lagi."))
        return None
    try:
        data = read_upload(form.cleaned_data["file"])
    except UploadRejected as exc:
        form.add_error("file", exc.message)
        return None
    result = check_file(data, expected=document)
    if result.matches and result.document is not None:
        verification_count(document=result.document, channel="upload")
    return result


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public page behind the QR code: status and the few public facts, plus a file check."""
    document = document_for_token(token)
    if document is None:
        return _not_found(request)
    if request.method == "GET":
        verification_count(document=document, channel="qr")
    form = _upload_form(request)
    result = _file_check(request, form, document)
    response = render(request, "documents/verify.html", {"document": document, "form": form, "result": result})
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    """Check a PDF without its QR code: the hash finds the document if Balai issued it."""
    form = _upload_form(request)
    result = _file_check(request, form)
    return render(request, "documents/verify_upload.html", {"form": form, "result": result})


@login_required
@require_GET
def my_documents(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "documents/my_documents.html", {"documents": documents_for_owner(user=request.user)})


@login_required
@require_GET
def download(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The stored PDF exactly as issued, for its owner or authorised staff; every download audited."""
    document = access_document(user=request.user, pk=pk)
    audit.record(action="document.downloaded", actor=request.user, object_type="document", object_id=document.pk,
                 data={"number": document.number, "owner": document.owner_id == request.user.pk})
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{document.doc_type}-{document.number}").strip("-") + ".pdf"
    response = FileResponse(default_storage.open(document.storage_key, "rb"), as_attachment=True,
                            filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
