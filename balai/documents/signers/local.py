"""The embedded default signer: PAdES (ETSI.CAdES.detached) with pyHanko, key and certificate from
files (DOCUMENT_SIGNING_KEY / _CERT / _CHAIN; `balai init_signing` makes development ones).

Costs, measured here (STACK-NOTES §2): ECDSA P-256 plus a fixed ``bytes_reserved`` avoids the
dry-run signature and RSA key re-validation, ~20–40 ms per signature. The visible stamp needs an
embedded font for PDF/A; pyHanko subsets the font on every signature, and subsetting the full
DejaVu Sans (with its kerning tables) costs ~200 ms. So the stamp uses a pre-made subset of DejaVu
Sans (Latin only, no layout tables, 16 KB), made once and cached in var/cache/: ~20 ms.
pyHanko then still subsets that file with fontTools for every signature and re-serialises it
(~1/3 of the signing CPU); ``_StampFontFactory`` keeps the file's bytes in memory and cuts the
per-signature subset (the glyphs the stamp text uses, GIDs kept) with HarfBuzz instead, <1 ms.
The subset is also rescaled to 1000 units per em: pyHanko 0.38 writes glyph widths in font units,
which PDF reads as thousandths of an em, so DejaVu's 2048-unit em drew the stamp text twice as
wide as it should be.

PDF/A-3b is kept: pyHanko marks an ECDSA signature with the ISO/TS 32002 extension and raises the
catalog version to PDF 2.0, which a PDF/A-3 file (based on PDF 1.7) may not claim. PAdES on
PDF 1.7 is declared by the ESIC extension alone (ETSI EN 319 142-1), which allows ECDSA, so this
signer registers only that. Validation (pyHanko here, Acrobat elsewhere) does not depend on it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings

from balai.core.formatting import format_datetime_id

from .base import DocumentSigner, NotConfigured, SignRequest, SignResult, run_outside_event_loop

try:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import CIDFontType2, GlyphAccumulator
    from pyhanko.sign import signers as _pyhanko_signers
    from pyhanko.sign.signers.constants import ESIC_EXTENSION_1
except ImportError as exc:  # pragma: no cover - pyhanko is a base dependency
    raise NotConfigured("pyhanko[opentype] is not installed") from exc


class _Pdf17PadesSigner(_pyhanko_signers.PdfSigner):
    """PAdES signer that keeps the file at PDF 1.7 (see the module docstring)."""

    def register_extensions(self, pdf_out, *, md_algorithm: str) -> None:
        pdf_out.ensure_output_version(version=(1, 7))
        pdf_out.register_extension(ESIC_EXTENSION_1)


logger = logging.getLogger(__name__)


DEJAVU_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# Basic Latin, Latin-1 and the typographic punctuation Indonesian text uses (– — ’ “ ” …).
STAMP_UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x100), 0x2013, 0x2014, 0x2019, 0x201C, 0x201D, 0x2026]
# Signature widget boxes in PDF points (x1, y1, x2, y2), inside the bottom page margin that the
# base templates keep free (base_a4.html: 32 mm; base_receipt58.html: 24 mm). The receipt's box
# stays in the 48 mm a 58 mm thermal printer prints (5 mm to 53 mm); pyHanko scales the text into it.
STAMP_BOXES = {"a4": (56.7, 16.0, 340.0, 80.0), "receipt58": (14.2, 6.0, 150.2, 62.0)}
FIELD_NAME = "TTE_Balai"
# Room for the CMS container (hex-encoded in the file). P-256 + a two-certificate chain needs ~3 KB.
BYTES_RESERVED = 8192


def stamp_font_path() -> str:
    """Path of the cached stamp-font subset, made on first use (atomic rename, so concurrent
    workers never read a half-written file)."""
    if not os.path.exists(DEJAVU_SANS):
        raise NotConfigured(f"{DEJAVU_SANS} is missing: apt-get install -y fonts-dejavu-core")
    stat = os.stat(DEJAVU_SANS)
    tag = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}:{len(STAMP_UNICODES)}:upm1000".encode()).hexdigest()[:12]
    cache_dir = Path(settings.VAR_DIR) / "cache"
    path = cache_dir / f"stamp-dejavusans-{tag}.ttf"
    if not path.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        cache_dir.mkdir(parents=True, exist_ok=True)
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
        options.hinting = False
        font = TTFont(DEJAVU_SANS)
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(unicodes=STAMP_UNICODES)
        subsetter.subset(font)
        scale_upem(font, 1000)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".ttf")
        with os.fdopen(fd, "wb") as handle:
            font.save(handle)
        os.replace(tmp, path)
    return str(path)


def _hb_tag(tag: str) -> int:
    return int.from_bytes(tag.encode("ascii"), "big")


class _StampFontFactory(FontEngineFactory):
    """pyHanko ``FontEngineFactory`` for the pre-made stamp font: the font file is read once per
    process, and each signature embeds a HarfBuzz subset of the glyphs it used (see the module
    docstring). The font must be TrueType-flavoured (glyf), as the DejaVu subset is."""

    def __init__(self, font_path: str, font_size: int):
        with open(font_path, "rb") as handle:
            self.font_bytes = handle.read()
        self.font_size = font_size

    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        engine = GlyphAccumulator(writer=writer, font_handle=io.BytesIO(self.font_bytes), font_size=self.font_size,
                                  obj_stream=obj_stream)
        if not engine.use_raw_gids:
            raise NotConfigured("the stamp font must be a TrueType (glyf) font, not CFF")
        base_ps_name = engine.cidfont_obj.name.split("+", 1)[1]
        engine.cidfont_obj = _HbSubsetCIDFont(engine.tt, base_ps_name, engine.subset_prefix,
                                              font_bytes=self.font_bytes, glyphs=engine._glyphs)
        engine._subset_created = True  # pyHanko's fontTools subsetting is replaced by the HarfBuzz one
        return engine


def _hb_subset(font_bytes: bytes, gids) -> bytes:
    import uharfbuzz as hb  # installed with pyhanko[opentype]

    subset_input = hb.SubsetInput()
    for gid in {0, *gids}:
        subset_input.glyph_set.add(gid)
    # GIDs are kept: the content stream pyHanko wrote addresses glyphs by their original id (CIDToGIDMap Identity).
    subset_input.flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.NO_HINTING
    drop = subset_input.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in ("GSUB", "GPOS", "GDEF", "MATH", "kern", "FFTM"):
        drop.add(_hb_tag(tag))
    return hb.subset(hb.Face(font_bytes), subset_input).blob.data


class _HbSubsetCIDFont(CIDFontType2):
    """pyHanko's TrueType CID font, with the font program cut by HarfBuzz from bytes in memory."""

    def __init__(self, tt, base_ps_name, subset_prefix, *, font_bytes: bytes, glyphs: dict):
        super().__init__(tt, base_ps_name, subset_prefix)
        self._font_bytes, self._glyphs = font_bytes, glyphs

    def set_font_file(self, writer):
        stream = generic.StreamObject(stream_data=_hb_subset(self._font_bytes, self._glyphs.keys()))
        stream.compress()
        ref = writer.add_object(stream)
        self._font_descriptor[generic.pdf_name("/FontFile2")] = ref
        return ref


def _require(path: str, what: str) -> str:
    if not path or not os.path.exists(path):
        raise NotConfigured(f"{what} not found at {path!r}: run `balai init_signing` for a development "
                            "key and certificate, or set the DOCUMENT_SIGNING_* settings.")
    return path


class LocalPadesSigner(DocumentSigner):
    name = "local"

    def __init__(self, *, key_path: str, cert_path: str, chain_paths: list[str], trust_root_paths: list[str],
                 passphrase: str = "", location: str = ""):
        from pyhanko.sign import signers

        self._signer = signers.SimpleSigner.load(
            _require(key_path, "Signing key"), _require(cert_path, "Signing certificate"),
            ca_chain_files=tuple(_require(p, "Certificate chain file") for p in chain_paths if p),
            key_passphrase=passphrase.encode() if passphrase else None)
        if self._signer is None:
            raise NotConfigured(f"Could not load the signing key/certificate from {key_path} / {cert_path}.")
        self._location = location
        cert = self._signer.signing_cert
        self.display_name = cert.subject.native.get("common_name", "") or cert.subject.human_friendly
        self.certificate_subject = cert.subject.human_friendly
        self.certificate_serial = format(cert.serial_number, "x")
        font_path = stamp_font_path()
        self._stamp_fonts = {paper: _StampFontFactory(font_path, 6 if paper == "receipt58" else 7)
                             for paper in STAMP_BOXES}

    def _stamp_text(self, request: SignRequest) -> str:
        lines = ["Ditandatangani secara elektronik oleh:", request.signer_name]
        if request.signer_title:
            lines.append(request.signer_title)
        if request.signer_nip:
            lines.append(f"NIP {request.signer_nip}")
        lines.append(f"Waktu: {format_datetime_id(request.signed_at, seconds=True)}")
        # pyHanko %-formats the stamp text with its own parameters.
        return "\n".join(lines).replace("%", "%%")

    def sign(self, pdf: bytes, request: SignRequest) -> SignResult:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.text import TextBoxStyle
        from pyhanko.sign import fields, signers
        from pyhanko.stamp import TextStampStyle

        paper = request.paper if request.paper in STAMP_BOXES else "a4"
        style = TextStampStyle(stamp_text=self._stamp_text(request), border_width=1,
                               text_box_style=TextBoxStyle(font=self._stamp_fonts[paper]))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason=request.reason[:200], location=self._location, name=request.signer_name)
        pdf_signer = _Pdf17PadesSigner(
            meta, signer=self._signer, stamp_style=style,
            # box: pyHanko's hint says int, but it writes any PDF number (our boxes have fractional points)
            new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=-1,
                                               box=STAMP_BOXES[paper]))  # type: ignore[arg-type]
        out = io.BytesIO()
        run_outside_event_loop(lambda: pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out,
                                                           bytes_reserved=BYTES_RESERVED))
        return SignResult(pdf=out.getvalue(), plugin=self.name, certificate_subject=self.certificate_subject,
                          certificate_serial=self.certificate_serial, keeps_pdfa=True)
