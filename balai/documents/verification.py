"""Checking an uploaded PDF: is it byte for byte a document Balai issued, and does its signature
validate against Balai's trust roots (DOCUMENT_TRUST_ROOTS: the development CA by default)?

Both answers are given separately: a re-saved copy (e.g. "print to PDF") has a different hash and
no signature; a tampered copy keeps the signature but it no longer validates. No network access
happens during validation (no OCSP/CRL/AIA fetching); uploads are limited in size.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from dataclasses import asdict, dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

from balai.core.errors import DomainError

from .models import Document
from .selectors import document_by_sha256
from .signers.base import run_outside_event_loop

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"


class UploadRejected(DomainError, ValueError):
    """An uploaded file refused before it is read (too large, missing, not a PDF)."""

    def __init__(self, code: str, message: str, status_code: int = 400):
        super().__init__(code, message, status_code=status_code)


@dataclass(frozen=True)
class SignatureCheck:
    present: bool
    intact: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    valid: bool = False
    signer: str = ""
    signed_at: str = ""
    error: str = ""


@dataclass(frozen=True)
class FileCheck:
    sha256: str
    size: int
    matches: bool
    document: Document | None
    signature: SignatureCheck

    def signature_dict(self) -> dict:
        return asdict(self.signature)


def check_request_size(meta) -> None:
    """Refuse an oversized upload from its Content-Length, before the body is read or spooled."""
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.DOCUMENT_VERIFY_MAX_BYTES + 64 * 1024:  # room for the multipart envelope
        raise UploadRejected("file_too_large", _("Berkas terlalu besar: paling besar %(mb)s MB.")
                             % {"mb": settings.DOCUMENT_VERIFY_MAX_BYTES // (1024 * 1024)}, status_code=413)


def read_upload(uploaded) -> bytes:
    """Bytes of an uploaded file, or UploadRejected with a clear reason (too large, not a PDF)."""
    limit = settings.DOCUMENT_VERIFY_MAX_BYTES
    if uploaded is None:
        raise UploadRejected("file_required", _("Pilih berkas PDF yang akan diperiksa."))
    if uploaded.size is not None and uploaded.size > limit:
        raise UploadRejected("file_too_large", _("Berkas terlalu besar: paling besar %(mb)s MB.")
                             % {"mb": limit // (1024 * 1024)}, status_code=413)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected("file_too_large", _("Berkas terlalu besar: paling besar %(mb)s MB.")
                             % {"mb": limit // (1024 * 1024)}, status_code=413)
    # The PDF header may follow a little junk (ISO 32000-1 §7.5.2 tolerates it within 1024 bytes).
    if PDF_MAGIC not in data[:1024]:
        raise UploadRejected("not_pdf", _("Berkas ini bukan PDF. Unggah berkas PDF dokumen yang diunduh dari Balai."))
    return data


@lru_cache(maxsize=8)
def _trust_roots(paths: tuple[str, ...]) -> tuple:
    from pyhanko.keys import load_cert_from_pemder

    return tuple(load_cert_from_pemder(p) for p in paths if p and os.path.exists(p))


def check_signature(data: bytes) -> SignatureCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as exc:  # noqa: BLE001 - any malformed upload is "unreadable", never a 500
        logger.info("uploaded PDF could not be parsed: %s", exc)
        return SignatureCheck(present=False, error="unreadable")
    if not signatures:
        return SignatureCheck(present=False)
    roots = _trust_roots(tuple(settings.DOCUMENT_TRUST_ROOTS))
    try:
        context = ValidationContext(trust_roots=list(roots), allow_fetching=False)
        status = run_outside_event_loop(lambda: validate_pdf_signature(signatures[-1], context))
    except Exception as exc:  # noqa: BLE001
        logger.info("signature validation failed to run: %s", exc)
        return SignatureCheck(present=True, error="unverifiable")
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE and status.modification_level in (
        None, ModificationLevel.NONE)
    cert = status.signing_cert
    signer = (cert.subject.native.get("common_name") or cert.subject.human_friendly) if cert is not None else ""
    signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
    return SignatureCheck(present=True, intact=bool(status.intact), trusted=bool(status.trusted),
                          covers_whole_file=whole, valid=bool(status.bottom_line) and whole,
                          signer=signer, signed_at=signed_at)


def check_file(data: bytes, *, expected: Document | None = None) -> FileCheck:
    """Compare with ``expected`` (the document of the verification page) or, without one, look the
    hash up among all issued documents; then validate the signature."""
    sha256 = hashlib.sha256(data).hexdigest()
    document: Document | None
    if expected is not None:
        document, matches = expected, expected.sha256 == sha256
    else:
        document = document_by_sha256(sha256)
        matches = document is not None
    return FileCheck(sha256=sha256, size=len(data), matches=matches, document=document,
                     signature=check_signature(data))
