"""Issuing, superseding and revoking signed documents. The API other apps call.

Issuance runs in three steps so that no database transaction is held open while a PDF is
rendered and signed (~80–120 ms of CPU, BENCHMARKS.md):

1. reserve — one short transaction allocates the number and inserts the row (status ``issuing``).
   The unique constraint on (subject_type, subject_id, doc_type, version) makes this idempotent:
   a retry or a concurrent worker gets the existing row back instead of a second document.
2. render + sign — outside any lock; the row's id gives the verification token for the QR.
3. complete — under a row lock: store the SHA-256 and storage key, mark it ``valid`` and
   supersede the previous valid version. If another worker completed the row meanwhile, its
   result stands and this worker's file is deleted.

A crash between 1 and 3 leaves an ``issuing`` row that verification reports as "not found"; the
next call with the same arguments (the Celery retry) completes it with the same number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balai.accounts.models import Role
from balai.core import audit

from .models import DocType, Document, Paper, Status
from .numbering import allocate_number
from .registry import doc_type as doc_type_registered
from .rendering import qr_data_uri, render_pdf
from .signers import SignRequest, get_signer

logger = logging.getLogger(__name__)

RECEIPT_TEMPLATE = "documents/pdf/payment_receipt.html"


def _check_issue_arguments(*, doc_type: str, subject_type: str, subject_id: str, issuing_unit: str,
                           version: int, paper: str) -> None:
    errors: dict[str, str] = {}
    if doc_type_registered(doc_type) is None:
        errors["doc_type"] = _("Jenis dokumen tidak dikenal.")
    if not subject_type or not str(subject_id):
        errors["subject"] = _("Subjek dokumen wajib diisi.")
    if not issuing_unit.strip():
        errors["issuing_unit"] = _("Kantor penerbit wajib diisi.")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        errors["version"] = _("Versi harus bilangan bulat mulai dari 1.")
    if paper not in Paper.values:
        errors["paper"] = _("Ukuran kertas tidak dikenal.")
    if errors:
        raise ValidationError(errors, code="invalid")


def _document_reserve(*, doc_type: str, subject_type: str, subject_id: str, version: int, template: str,
                      issuing_unit: str, subject_name: str, owner, paper: str, signer_name: str,
                      signer_title: str, signer_nip: str, signer_plugin: str) -> Document:
    key = {"subject_type": subject_type, "subject_id": subject_id, "doc_type": doc_type, "version": version}
    existing = Document.objects.filter(**key).first()
    if existing is not None:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            number = allocate_number(doc_type=doc_type, issuing_unit=issuing_unit, when=timezone.localtime(now))
            return Document.objects.create(
                **key, number=number, template=template, paper=paper, issuing_unit=issuing_unit,
                subject_name=subject_name, owner=owner, signer_name=signer_name, signer_title=signer_title,
                signer_nip=signer_nip, signer_plugin=signer_plugin, issued_at=now, status=Status.ISSUING)
    except IntegrityError:
        # A concurrent issuance of the same (subject, type, version) committed first; its number
        # allocation in our savepoint was rolled back with the insert.
        existing = Document.objects.filter(**key).first()
        if existing is None:
            raise
        return existing


def _render_and_sign(document: Document, *, template: str, context: dict) -> tuple[bytes, Any]:
    verify_url = document.verify_url
    full_context = {**context, "document": document, "verify_url": verify_url,
                    "qr_data_uri": qr_data_uri(verify_url)}
    # The PDF is the legal text: Indonesian, whatever language the request that triggered it used.
    with translation.override("id"):
        pdf = render_pdf(template, full_context, paper=document.paper)
        reason = _("%(type)s nomor %(number)s") % {"type": document.get_doc_type_display(),
                                                     "number": document.number}
    result = get_signer().sign(pdf, SignRequest(
        signer_name=document.signer_name, signer_title=document.signer_title, signer_nip=document.signer_nip,
        signed_at=timezone.now(), reason=reason, paper=document.paper, document_number=document.number))
    return result.pdf, result


def _supersede_previous(document: Document, now: dt.datetime) -> None:
    """Called under the lock of ``document``. The highest version wins, whatever the order in
    which versions finish (an old version's late retry must not supersede a newer one)."""
    others = list(Document.objects.select_for_update()
                  .filter(subject_type=document.subject_type, subject_id=document.subject_id,
                          doc_type=document.doc_type, status=Status.VALID)
                  .exclude(pk=document.pk).order_by("-version"))
    newer = [d for d in others if d.version > document.version]
    if newer:
        document.status, document.superseded_by, document.superseded_at = Status.SUPERSEDED, newer[0], now
        document.save(update_fields=["status", "superseded_by", "superseded_at"])
        superseded, successor = [document], newer[0]
    else:
        superseded, successor = others, document
    for old in superseded:
        if old is not document:
            old.status, old.superseded_by, old.superseded_at = Status.SUPERSEDED, successor, now
            old.save(update_fields=["status", "superseded_by", "superseded_at"])
        audit.record(action="document.superseded", object_type="document", object_id=old.pk,
                     data={"number": old.number, "version": old.version, "by_number": successor.number,
                           "by_version": successor.version})


def _document_complete(document: Document, *, pdf: bytes, result: Any) -> Document:
    name = default_storage.save(
        f"documents/{document.issued_at:%Y/%m}/{document.pk}-{secrets.token_hex(8)}.pdf", ContentFile(pdf))
    try:
        with transaction.atomic():
            current = Document.objects.select_for_update().get(pk=document.pk)
            if current.status != Status.ISSUING:
                won = False
            else:
                won = True
                now = timezone.now()
                current.sha256 = hashlib.sha256(pdf).hexdigest()
                current.storage_key, current.size = name, len(pdf)
                current.signer_plugin = result.plugin
                current.certificate_subject = result.certificate_subject[:255]
                current.certificate_serial = result.certificate_serial[:64]
                current.status = Status.VALID
                current.save(update_fields=["sha256", "storage_key", "size", "signer_plugin", "certificate_subject",
                                            "certificate_serial", "status"])
                audit.record(action="document.issued", object_type="document", object_id=current.pk,
                             data={"doc_type": current.doc_type, "number": current.number,
                                   "version": current.version, "subject_type": current.subject_type,
                                   "subject_id": current.subject_id, "sha256": current.sha256,
                                   "signer": result.plugin})
                _supersede_previous(current, now)
    except BaseException:
        default_storage.delete(name)
        raise
    if not won:
        default_storage.delete(name)
        logger.info("document %s was completed by a concurrent worker; discarded duplicate", document.pk)
    return current


def document_issue(*, doc_type: str, subject_type: str, subject_id: str, template: str, context: dict,
                   issuing_unit: str, subject_name: str = "", owner=None, version: int = 1,
                   paper: str = "a4", signer_name: str | None = None, signer_title: str | None = None,
                   signer_nip: str = "") -> Document:
    """Render, sign, store; idempotent per (subject_type, subject_id, doc_type, version); supersedes the
    previous valid version of the same (subject_type, subject_id, doc_type).

    ``template`` should extend ``documents/pdf/base_a4.html`` (paper "a4") or
    ``documents/pdf/base_receipt58.html`` (paper "receipt58"); it receives ``context`` plus
    ``document``, ``verify_url`` and ``qr_data_uri``. Raises ``ValidationError`` for bad
    arguments and ``signers.NotConfigured`` when no signer is set up (before any number is used).
    """
    subject_id = str(subject_id)
    _check_issue_arguments(doc_type=doc_type, subject_type=subject_type, subject_id=subject_id,
                           issuing_unit=issuing_unit, version=version, paper=paper)
    signer = get_signer()
    document = _document_reserve(
        doc_type=doc_type, subject_type=subject_type, subject_id=subject_id, version=version, template=template,
        issuing_unit=issuing_unit.strip(), subject_name=subject_name.strip(), owner=owner, paper=paper,
        signer_name=(signer_name or signer.display_name)[:150],
        signer_title=(signer_title if signer_title is not None else f"Kepala {issuing_unit.strip()}")[:150],
        signer_nip=signer_nip, signer_plugin=signer.name)
    if document.status != Status.ISSUING:
        return document  # already issued: the same call repeated returns the same document
    pdf, result = _render_and_sign(document, template=template, context=context)
    return _document_complete(document, pdf=pdf, result=result)


def document_issue_async(**kwargs) -> None:
    """``document_issue(**kwargs)`` once the current transaction commits, through the outbox
    (balai.core.outbox: right after the commit in the embedded default, on a worker with a broker;
    never lost to a crash after the commit). ``owner`` travels as its id; ``context`` must be JSON."""
    from balai.core import outbox

    from .tasks import issue_document

    payload = dict(kwargs)
    owner = payload.pop("owner", None)
    payload["owner_id"] = getattr(owner, "pk", owner)
    outbox.enqueue(issue_document, **payload)


def _check_receipt(lines: list[dict], total: int) -> None:
    amounts = [line.get("amount") for line in lines]
    if not lines or any(isinstance(a, bool) or not isinstance(a, int) for a in [*amounts, total]):
        raise ValidationError({"lines": _("Rincian pembayaran harus berisi nominal rupiah bulat.")}, code="invalid")
    if sum(cast(list[int], amounts)) != total:  # each checked to be an int just above
        raise ValidationError({"total": _("Total tidak sama dengan jumlah rincian.")}, code="total_mismatch")


def receipt_issue(*, subject_type: str, subject_id: str, receipt_number: str, payer_name: str,
                  lines: list[dict], total: int, paid_at, channel: str, issuing_unit: str, owner=None,
                  extra: dict | None = None) -> Document:
    """A signed 58 mm payment receipt (doc_type ``payment_receipt``), one per paid subject.
    ``lines`` are ``{"label": str, "amount": int}`` in integer rupiah and must add up to ``total``."""
    _check_receipt(lines, total)
    context = {"receipt_number": receipt_number, "payer_name": payer_name,
               "lines": [{"label": str(line.get("label", "")), "amount": line["amount"]} for line in lines],
               "total": total, "paid_at": paid_at, "channel": channel, "extra": dict(extra or {})}
    return document_issue(doc_type=DocType.PAYMENT_RECEIPT, subject_type=subject_type, subject_id=subject_id,
                          template=RECEIPT_TEMPLATE, context=context, issuing_unit=issuing_unit,
                          subject_name=payer_name, owner=owner, version=1, paper=Paper.RECEIPT58,
                          signer_title=issuing_unit)


def document_revoke(*, document, by, reason: str) -> Document:
    """Revoke a document (supervisors only; a reason is required). Verification shows it at once."""
    if getattr(by, "role", None) != Role.SUPERVISOR:
        raise PermissionDenied(_("Hanya supervisor yang dapat mencabut dokumen."))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Tuliskan alasan pencabutan (minimal 5 karakter).")},
                              code="reason_required")
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.status == Status.REVOKED:
            raise ValidationError(_("Dokumen ini sudah dicabut."), code="already_revoked")
        if current.status == Status.ISSUING:
            raise ValidationError(_("Dokumen ini belum selesai diterbitkan."), code="not_issued")
        current.status, current.revoked_at, current.revoked_by = Status.REVOKED, timezone.now(), by
        current.revocation_reason = reason[:2000]
        current.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        audit.record(action="document.revoked", actor=by, object_type="document", object_id=current.pk,
                     data={"number": current.number, "reason": current.revocation_reason})
    return current
