"""Uploaded files: the type is decided by content, never by the name or the browser's header.

Accepted: PDF, JPEG, PNG, and a file must be *only* that:
- **Images** are decoded by Pillow and re-encoded: what is stored is Pillow's output, so text
  chunks, EXIF/XMP (the GPS position of a phone photo too), comments and anything appended after the
  image (a ZIP, HTML) are gone. The EXIF orientation is applied to the pixels first, so a portrait
  photo stays upright; the colour profile and resolution are kept. The pixel count is bounded before
  decoding (``CASES_MAX_IMAGE_PIXELS``), so a small file cannot unpack into gigabytes.
- **PDFs** are parsed by pypdf and kept byte for byte (re-writing one would break the signature of a
  signed document, e.g. an electronically signed akta). Every object the cross-reference table
  names, reachable or not, and the trailer are inspected; refused, with a message naming what was
  found: JavaScript, Launch and other actions that open something outside the document, automatic
  actions (``/OpenAction`` other than "open at this page", ``/AA`` anywhere), embedded files,
  RichMedia/3D/multimedia, XFA forms; an encrypted or unreadable PDF, one without pages, or one with
  data after its end (``%%EOF``).
- No upload may carry markup a browser would run if it ever sniffed the file (``<script``,
  ``<html``, ``<svg``…), anywhere in the file.
- The display name keeps the user's base name; its extension is the detected type's.
Files are served back only as downloads with ``X-Content-Type-Options: nosniff``.

What is hand-written here, and why. The policy (which PDF keys and action types are refused, which
tags count as markup) is ours: no library decides it. The object walk is ours because pypdf offers no
"every object" iterator; it works on pypdf's parsed objects, whose names pypdf has already
normalised (``/J#61vaScript`` is ``/JavaScript``). The PDF syntax itself is not parsed by hand any
more: a byte search both misses escaped names and trips on compressed data (a 5 MB scan contains
the bytes ``/JS`` by chance about one time in five). The markup search does run on raw bytes, since
raw bytes are what a sniffing browser reads; it looks for a real tag opening (``<`` + name + space,
``/`` or ``>``), which random compressed data matches about once in 4,000 uploads of 5 MB.
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
EXTENSION = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}
# A tag opening: an HTML tokenizer needs the name right after "<" and a delimiter after it.
_MARKUP = re.compile(rb"<(script|html|body|svg|iframe|object|embed|!doctype)[\s/>]", re.IGNORECASE)
_PDF_TAIL = 2048  # %%EOF must sit in the last bytes: nothing may ride behind the document
_PDF_MAX_OBJECTS = 200_000  # a walk bound: far above any scan, far below a crafted object bomb


@dataclass(frozen=True)
class CheckedFile:
    fmt: str
    content_type: str
    size: int
    sha256: str
    safe_name: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "CASES_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))


def max_image_pixels() -> int:
    # 36 megapixels: an A4 page scanned at 600 dpi (4,961 × 7,016) fits; decoded as RGB it is ~110 MB.
    return int(getattr(settings, "CASES_MAX_IMAGE_PIXELS", 36_000_000))


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def safe_filename(name: str, fmt: str | None = None) -> str:
    """A display name only (storage names are random): last path part, no control characters;
    with ``fmt``, the extension is that type's whatever the user's was (``surat.html`` → ``surat.pdf``)."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    name = name.strip(" .") or "berkas"
    if fmt is None:
        return name[-100:]
    stem = name.rsplit(".", 1)[0].strip(" .") if "." in name else name
    return f"{(stem or 'berkas')[-95:]}.{EXTENSION[fmt]}"


def _unsupported(message: str) -> ApiError:
    return ApiError("unsupported_media_type", message, status_code=415, fields={"file": [message]})


# --- PDF ------------------------------------------------------------------------------------------

def _fix_hint() -> str:
    return _("Simpan ulang sebagai PDF biasa (Cetak → Simpan sebagai PDF) atau pindai ulang dokumennya, "
             "lalu unggah lagi.")


def _pdf_refusal(kind: str, *, hint: bool = True) -> str:
    what = {
        "javascript": _("PDF berisi JavaScript (skrip yang dapat berjalan saat dibuka)."),
        "launch": _("PDF berisi perintah untuk membuka program, berkas lain, atau mengirim data (Launch)."),
        "auto_action": _("PDF berisi aksi otomatis yang berjalan saat dokumen atau halaman dibuka "
                         "(OpenAction/AA)."),
        "embedded_file": _("PDF berisi berkas lain yang tersisip di dalamnya."),
        "rich_media": _("PDF berisi media interaktif (RichMedia, video, suara, atau 3D)."),
        "xfa": _("PDF berisi formulir dinamis XFA."),
        "unreadable": _("PDF rusak atau tidak dapat dibaca."),
        "no_pages": _("PDF tidak berisi halaman."),
        "trailing": _("PDF tidak utuh atau berisi data tambahan setelah akhir dokumen."),
    }[kind]
    return f"{what} {_fix_hint()}" if hint else what


# Keys whose mere presence is active content, and the action types (/S) that run or open something.
_ACTIVE_KEYS = {
    "/JS": "javascript", "/JavaScript": "javascript",
    "/AA": "auto_action",
    "/EmbeddedFiles": "embedded_file", "/EF": "embedded_file",
    "/RichMediaContent": "rich_media", "/RichMediaSettings": "rich_media",
    "/XFA": "xfa",
}
_ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch", "/GoToR": "launch", "/GoToE": "launch", "/ImportData": "launch", "/SubmitForm": "launch",
    "/RichMediaExecute": "rich_media", "/Rendition": "rich_media", "/Movie": "rich_media", "/Sound": "rich_media",
}
_ACTIVE_TYPES = {  # /Type or /Subtype values
    "/EmbeddedFile": "embedded_file", "/FileAttachment": "embedded_file",
    "/RichMedia": "rich_media", "/Screen": "rich_media", "/Movie": "rich_media", "/Sound": "rich_media",
    "/3D": "rich_media",
}


def _name(value) -> str:
    from pypdf.generic import NameObject

    value = value.get_object() if hasattr(value, "get_object") else value
    return str(value) if isinstance(value, NameObject) else ""


def _open_action(value) -> bool:
    """An /OpenAction that only opens the document at a page (a destination, or GoTo actions) is
    what every word processor writes; any other action there runs unasked."""
    from pypdf.generic import ArrayObject, DictionaryObject

    chain, seen = [value], 0
    while chain and seen < 100:
        seen += 1
        action = chain.pop()
        action = action.get_object() if hasattr(action, "get_object") else action
        if not isinstance(action, DictionaryObject):
            continue  # a destination: [page /XYZ …], a name or a string
        if _name(action.get("/S")) != "/GoTo":
            return True
        follow = action.get("/Next")  # resolved by the dictionary
        if isinstance(follow, ArrayObject):
            chain.extend(follow)
        elif follow is not None:
            chain.append(follow)
    return False


def _active_in(obj) -> set[str]:
    """What makes one dictionary active (keys, action type, object type, open action)."""
    kinds = {_ACTIVE_KEYS[key] for key in obj if key in _ACTIVE_KEYS}
    for key, table in (("/S", _ACTIVE_ACTIONS), ("/Type", _ACTIVE_TYPES), ("/Subtype", _ACTIVE_TYPES)):
        if key in obj and _name(obj.get(key)) in table:
            kinds.add(table[_name(obj.get(key))])
    if "/OpenAction" in obj and _open_action(dict.__getitem__(obj, "/OpenAction")):
        kinds.add("auto_action")
    return kinds


_KINDS = ("javascript", "launch", "embedded_file", "rich_media", "xfa", "auto_action")  # the order messages take


def _pdf_active_content(reader) -> list[str]:
    """Walk the trailer and every object the cross-reference table names (reachable or not);
    return every kind of active content found."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack: list = [reader.trailer]
    stack += [IndirectObject(num, gen, reader) for gen, entries in reader.xref.items() for num in entries]
    stack += [IndirectObject(num, 0, reader) for num in reader.xref_objStm]
    seen: set[tuple[int, int]] = set()
    found: set[str] = set()
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):  # streams too: their dictionary
            found |= _active_in(item)
            stack.extend(dict.values(item))  # raw values: references are followed once, by the stack
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return [kind for kind in _KINDS if kind in found]


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    if b"%%EOF" not in data[-_PDF_TAIL:]:
        raise _unsupported(_pdf_refusal("trailing"))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _unsupported(_("PDF ini terkunci kata sandi atau terenkripsi, sehingga tidak dapat diperiksa. "
                                 "Unggah PDF tanpa kata sandi."))
        if len(reader.pages) < 1:
            raise _unsupported(_pdf_refusal("no_pages"))
        found = _pdf_active_content(reader)
    except ApiError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever pypdf cannot read, we cannot vouch for
        raise _unsupported(_pdf_refusal("unreadable")) from exc
    if found:
        raise _unsupported(" ".join(_pdf_refusal(kind, hint=False) for kind in found) + " " + _fix_hint())


# --- images ---------------------------------------------------------------------------------------

def _image_too_large() -> ApiError:
    return ApiError("image_too_large",
                    _("Gambar terlalu besar (maksimum %(mp)d megapiksel). Perkecil resolusinya, lalu unggah lagi.")
                    % {"mp": max_image_pixels() // 1_000_000},
                    status_code=413, fields={"file": [_("Resolusi gambar terlalu besar.")]})


_PIL_FORMATS = {"jpeg": ("JPEG", "MPO"), "png": ("PNG",)}  # MPO: a phone's JPEG with extra pictures


def _reencode_image(data: bytes, fmt: str) -> bytes:
    """Decode and write the image again (see the module docstring); raise 415/413 on a bad one."""
    from PIL import ExifTags, Image, ImageOps

    broken = _unsupported(_("Gambar rusak atau tidak dapat dibaca. Simpan ulang atau foto ulang, lalu unggah lagi."))
    out = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in _PIL_FORMATS[fmt]:
                raise broken
            if img.width * img.height > max_image_pixels():  # read from the header, before decoding
                raise _image_too_large()
            img.load()  # decodes everything: a truncated or corrupt image fails here
            if fmt == "png":
                with Image.open(io.BytesIO(data)) as whole:
                    whole.verify()  # chunk checksums up to the IEND end marker
            # No EXIF, XMP, comments or text chunks are written: only these are carried over.
            options: dict = {k: img.info[k] for k in ("icc_profile", "dpi") if img.info.get(k)}
            upright: Image.Image = img
            if img.getexif().get(ExifTags.Base.Orientation, 1) not in (1, None):
                upright = ImageOps.exif_transpose(img)
            if fmt == "jpeg":
                if upright.mode not in ("L", "RGB", "CMYK"):
                    upright = upright.convert("RGB")
                if upright is img and img.format == "JPEG":  # the same quantisation: no second loss of quality
                    options.update(quality="keep", subsampling="keep")
                else:
                    options.update(quality=92)
                upright.save(out, format="JPEG", comment=b"", **options)
            else:
                upright.save(out, format="PNG", **options)
    except ApiError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own guard, far above ours
        raise _image_too_large() from exc
    except Exception as exc:  # noqa: BLE001 - any decoder error means "not a clean image"
        raise broken from exc
    return out.getvalue()


# --- the entry point ----------------------------------------------------------------------------

def _too_large(limit: int) -> ApiError:
    return ApiError("file_too_large", _("Berkas terlalu besar: maksimum %(mb).1f MB.") % {"mb": limit / 1048576},
                    status_code=413)


def check_file(upload, *, allowed: list[str], max_bytes: int) -> tuple[CheckedFile, bytes]:
    """Validate an uploaded file; return its description and the bytes to store (an image's are
    re-encoded). Raises ApiError 413 (too large), 415 (type or content) or 400 (empty)."""
    limit = min(max_bytes, max_upload_bytes())
    if (getattr(upload, "size", None) or 0) > limit:
        raise _too_large(limit)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise ApiError("empty_file", _("Berkas kosong."), status_code=400, fields={"file": [_("Berkas kosong.")]})
    fmt = sniff(data[:16])
    if fmt is None or fmt not in allowed:
        accepted = ", ".join(a.upper() for a in allowed)
        raise _unsupported(_("Jenis berkas tidak diterima. Unggah %(formats)s.") % {"formats": accepted})
    if _MARKUP.search(data):
        raise _unsupported(_("Berkas berisi kode halaman web (HTML/SVG/skrip) yang tidak diizinkan."))
    if fmt == "pdf":
        _check_pdf(data)
        stored = data
    else:
        stored = _reencode_image(data, fmt)
    checked = CheckedFile(fmt=fmt, content_type=MIME[fmt], size=len(stored), sha256=hashlib.sha256(stored).hexdigest(),
                          safe_name=safe_filename(getattr(upload, "name", ""), fmt))
    return checked, stored
