"""Uploads are judged by a real parser, not by byte patterns.

Crafted files for each escape that passed the byte-pattern filter: PDF names written with ``#xx``
escapes, actions in a page's /AA or an annotation's /A, an /EmbeddedFiles name tree, an /AcroForm
/XFA form, markup in the middle of a large file; and images carrying text chunks or trailing bytes,
which are now re-encoded instead of stored as sent.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from balai.cases.demo import demo_pdf, demo_png
from balai.cases.models import Attachment
from balai.cases.services import attachment_add
from balai.cases.uploads import check_file
from balai.core.api import ApiError

ALL = ["pdf", "jpeg", "png"]


def check(content: bytes, name: str = "berkas.bin"):
    return check_file(SimpleUploadedFile(name, content), allowed=ALL, max_bytes=5 * 1024 * 1024)


def refusal(content: bytes) -> ApiError:
    with pytest.raises(ApiError) as exc:
        check(content)
    assert exc.value.status_code == 415 and exc.value.error_code == "unsupported_media_type"
    assert exc.value.fields["file"] == [str(exc.value.detail)]  # the message is at the file field too
    return exc.value


# --- crafted PDFs ---------------------------------------------------------------------------------

def literal_pdf(catalog: bytes = b"", page: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF written byte by byte (names exactly as given, escapes included); ``extra``
    objects are numbered from 4 on."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page + b" >>", *extra]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def written(build) -> bytes:
    """A PDF made by pypdf's writer; ``build(writer, page)`` adds the crafted parts."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    build(writer, page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_literal_builder_makes_a_readable_clean_pdf():
    data = literal_pdf()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    checked, stored = check(data)
    assert checked.fmt == "pdf" and stored == data  # PDFs are kept byte for byte


def test_javascript_with_escaped_names_is_refused():
    # /J#61vaScript is /JavaScript and /J#53 is /JS once a parser reads the names.
    error = refusal(literal_pdf(catalog=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"))
    assert "JavaScript" in str(error.detail) and "OpenAction" in str(error.detail)


def test_launch_with_escaped_name_in_an_annotation_is_refused():
    annotation = b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /L#61unch /F (cmd.exe) >> >>"
    error = refusal(literal_pdf(page=b"/Annots [4 0 R]", extra=(annotation,)))
    assert "Launch" in str(error.detail)


def test_launch_in_an_annotation_action_is_refused():
    def build(writer, page):
        link = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
            NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                                NameObject("/F"): TextStringObject("calc.exe")}),
        })
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])

    assert "Launch" in str(refusal(written(build)).detail)


def test_an_action_in_a_page_additional_actions_is_refused():
    def build(writer, page):
        # Even a harmless-looking action that runs by itself when the page opens.
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): DictionaryObject({
            NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://contoh.test/")})})

    assert "AA" in str(refusal(written(build)).detail)


def test_an_embedded_files_name_tree_with_escaped_names_is_refused():
    tree = b"/Names << /Embedded#46iles << /Names [(a.txt) 4 0 R] >> >>"
    filespec = b"<< /Type /Filespec /F (a.txt) /#45F << /F 5 0 R >> >>"
    stream = b"<< /Length 5 >>\nstream\nhello\nendstream"
    error = refusal(literal_pdf(catalog=tree, extra=(filespec, stream)))
    assert "tersisip" in str(error.detail)


def test_an_attachment_added_by_the_writer_is_refused():
    assert "tersisip" in str(refusal(written(lambda writer, page: writer.add_attachment("a.exe", b"MZ"))).detail)


def test_an_acroform_xfa_form_is_refused():
    def build(writer, page):
        template = DecodedStreamObject()
        template.set_data(b"<template xmlns='http://www.xfa.org/schema/xfa-template/3.3/'></template>")
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): ArrayObject([TextStringObject("template"), writer._add_object(template)])})

    assert "XFA" in str(refusal(written(build)).detail)


def test_javascript_nobody_references_is_still_found():
    # An object outside the document's tree is still in the cross-reference table; a viewer that
    # rebuilds a damaged file may pick it up.
    refusal(literal_pdf(extra=(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",)))


def test_a_javascript_name_tree_is_refused():
    names = b"/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (1) >>] >> >>"
    refusal(literal_pdf(catalog=names))


def test_markup_in_the_middle_of_a_large_file_is_refused():
    filler = b"0" * 200_000
    body = filler + b"<script>alert(document.cookie)</script>" + filler
    stream = b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"
    data = literal_pdf(page=b"/Contents 4 0 R", extra=(stream,))
    assert data.index(b"<script>") > 64 * 1024 and len(data) - data.index(b"<script>") > 64 * 1024
    assert "HTML" in str(refusal(data).detail)


def test_encrypted_and_unreadable_pdfs_are_refused_clearly():
    def build(writer, page):
        writer.encrypt("rahasia")

    assert "kata sandi" in str(refusal(written(build)).detail)
    assert "rusak" in str(refusal(b"%PDF-1.7\nbukan pdf sama sekali\n%%EOF\n").detail)


@pytest.mark.parametrize("build", [
    lambda writer, page: writer._root_object.__setitem__(  # "open at page 1, fit": what word processors write
        NameObject("/OpenAction"), ArrayObject([page.indirect_reference, NameObject("/Fit")])),
    lambda writer, page: writer.add_uri(0, "https://jatimprov.go.id/", [10, 10, 100, 30]),  # a plain link
    lambda writer, page: writer.add_metadata({"/Title": "Surat keterangan"}),
])
def test_ordinary_pdfs_are_accepted(build):
    checked, _ = check(written(build))
    assert checked.fmt == "pdf"


# --- images ---------------------------------------------------------------------------------------

def png_with_text_and_trailer() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "koordinat rumah -7.2575, 112.7521")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue() + b"PK\x03\x04 data tambahan di belakang gambar"


def test_png_text_chunks_and_trailing_bytes_are_dropped_by_re_encoding():
    data = png_with_text_and_trailer()
    checked, stored = check(data, name="foto.png")
    assert b"tEXt" not in stored and b"koordinat" not in stored and b"PK\x03\x04" not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")
    assert checked.size == len(stored) and checked.sha256 != ""
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (40, 30) and img.getpixel((5, 5)) == (10, 120, 60) and not img.text


def test_jpeg_keeps_its_orientation_and_loses_its_metadata():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "Kamera Ponsel"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (200, 30, 30)).save(buffer, format="JPEG", exif=exif.tobytes(), comment=b"rahasia")
    _, stored = check(buffer.getvalue() + b"trailing", name="ktp.jpg")
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and img.size == (20, 60)  # upright: turned as the EXIF said
        assert not img.getexif() and "comment" not in img.info
    assert b"rahasia" not in stored and b"Kamera" not in stored and not stored.endswith(b"trailing")


@pytest.mark.parametrize("mode", ["L", "RGB", "CMYK"])
def test_jpegs_as_cameras_and_scanners_write_them_are_accepted(mode):
    buffer = io.BytesIO()
    Image.new(mode, (30, 20)).save(buffer, format="JPEG", progressive=mode == "RGB")
    checked, stored = check(buffer.getvalue())
    assert checked.fmt == "jpeg" and Image.open(io.BytesIO(stored)).mode == mode


def test_a_phones_multi_picture_jpeg_is_stored_as_its_first_picture():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (250, 0, 0)).save(buffer, format="MPO", save_all=True,
                                                  append_images=[Image.new("RGB", (40, 40), (0, 250, 0))])
    _, stored = check(buffer.getvalue(), name="IMG_0001.JPG")
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and getattr(img, "n_frames", 1) == 1
        assert img.getpixel((20, 20))[0] > 200  # the first picture, not the second


def test_pixel_count_is_bounded_before_decoding(settings):
    settings.CASES_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ApiError) as exc:
        check(demo_png())  # 64 × 40 = 2,560 pixels
    assert exc.value.status_code == 413 and exc.value.error_code == "image_too_large"


# --- names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, expected", [
    ("surat.html", demo_pdf(), "surat.pdf"),
    ("foto.pdf", demo_png(), "foto.png"),
    ("scan", demo_pdf(), "scan.pdf"),
    ("laporan.2024.pdf", demo_pdf(), "laporan.2024.pdf"),
])
def test_display_name_extension_follows_the_content(name, content, expected):
    checked, _ = check(content, name=name)
    assert checked.safe_name == expected


@pytest.mark.django_db
def test_a_real_pdf_named_html_is_stored_and_served_as_pdf(client, make_case):
    app = make_case(submit=False)
    attachment = attachment_add(application=app, requirement_code="scan-dokumen",
                                upload=SimpleUploadedFile("surat.html", demo_pdf()), by=app.applicant)
    attachment = Attachment.objects.get(pk=attachment.pk)
    assert attachment.original_name == "surat.pdf" and attachment.file.name.endswith(".pdf")
    client.force_login(app.applicant)
    response = client.get(f"/berkas/{app.tracking_number}/lampiran/{attachment.pk}/")
    assert response.status_code == 200 and 'filename="surat.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_re_encoded_image_is_what_is_stored(make_case):
    app = make_case(submit=False)
    attachment = attachment_add(application=app, requirement_code="scan-dokumen",
                                upload=SimpleUploadedFile("foto.png", png_with_text_and_trailer()), by=app.applicant)
    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert b"koordinat" not in content and attachment.size == len(content)
