"""Uploaded files: the type is decided by content, never by the name or the browser's header.

Accepted: PDF, JPEG, PNG. Beyond the magic bytes, a file must be *only* that format:
- images are decoded by Pillow and must end at their end marker (JPEG EOI / PNG IEND), so a
  JPEG with a ZIP or HTML appended (a polyglot) is refused;
- no format may carry markup that a browser would run if it ever sniffed the file
  (``<script``, ``<html``, ``<svg``…) in its first or last 64 KB;
- PDFs must not carry active content (JavaScript, launch actions, embedded files).
Files are served back only as downloads with ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from balai.core.api import ApiError

MIME = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
_MARKUP = re.compile(rb"<\s*(script|html|body|svg|iframe|object|embed|\?xml|!doctype)\b", re.IGNORECASE)
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|OpenAction\s*<<[^>]*/JS)\b")
_SCAN = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    fmt: str
    content_type: str
    size: int
    sha256: str
    safe_name: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "CASES_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def safe_filename(name: str) -> str:
    """A display name only (storage names are random): last path part, no control characters."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    name = name.strip(" .") or "berkas"
    return name[-100:]


def _unsupported(message: str) -> ApiError:
    return ApiError("unsupported_media_type", message, status_code=415)


def _image_is_exact(data: bytes, fmt: str) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            if (img.format or "").lower() != ("jpeg" if fmt == "jpeg" else "png"):
                return False
            img.verify()
    except Exception:  # noqa: BLE001 - any decoder error means "not a clean image"
        return False
    if fmt == "png":
        return data.endswith(b"IEND\xaeB`\x82")
    return data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")


def check_file(upload, *, allowed: list[str], max_bytes: int) -> tuple[CheckedFile, bytes]:
    """Validate an uploaded file. Raises ApiError 413 (too large), 415 (type) or 400 (empty)."""
    limit = min(max_bytes, max_upload_bytes())
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise ApiError("file_too_large", _("Berkas terlalu besar: maksimum %(mb).1f MB.") % {"mb": limit / 1048576},
                       status_code=413)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ApiError("file_too_large", _("Berkas terlalu besar: maksimum %(mb).1f MB.") % {"mb": limit / 1048576},
                       status_code=413)
    if not data:
        raise ApiError("empty_file", _("Berkas kosong."), status_code=400, fields={"file": [_("Berkas kosong.")]})
    fmt = sniff(data[:16])
    accepted = ", ".join(a.upper() for a in allowed)
    if fmt is None or fmt not in allowed:
        raise _unsupported(_("Jenis berkas tidak diterima. Unggah %(formats)s.") % {"formats": accepted})
    if _MARKUP.search(data[:_SCAN]) or _MARKUP.search(data[-_SCAN:]):
        raise _unsupported(_("Berkas berisi kode yang tidak diizinkan."))
    if fmt == "pdf":
        if b"%%EOF" not in data[-2048:] or _PDF_ACTIVE.search(data):
            raise _unsupported(_("PDF rusak atau berisi konten aktif (skrip/lampiran tersembunyi)."))
    elif not _image_is_exact(data, fmt):
        raise _unsupported(_("Gambar rusak atau berisi data tambahan yang tidak diizinkan."))
    checked = CheckedFile(fmt=fmt, content_type=MIME[fmt], size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), safe_name=safe_filename(getattr(upload, "name", "")))
    return checked, data
