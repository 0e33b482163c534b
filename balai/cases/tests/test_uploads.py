"""Upload attacks: the type is decided by content, names never reach the file system."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.cases.demo import demo_pdf, demo_png
from balai.cases.models import Attachment
from balai.cases.services import attachment_add
from balai.cases.uploads import check_file, safe_filename
from balai.core.api import ApiError

ALL = ["pdf", "jpeg", "png"]


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("evil.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def check(content: bytes, name: str = "x.bin", allowed=ALL, max_bytes=5 * 1024 * 1024):
    return check_file(SimpleUploadedFile(name, content), allowed=allowed, max_bytes=max_bytes)


@pytest.mark.parametrize("content, fmt", [(demo_pdf(), "pdf"), (jpeg(), "jpeg"), (demo_png(), "png")])
def test_clean_files_are_accepted_by_content(content, fmt):
    checked, _ = check(content, name="apa-saja.txt")  # the name says nothing
    assert checked.fmt == fmt


@pytest.mark.parametrize("content", [
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",  # HTML as .jpg
    b"\xff\xd8\xff\xe0" + b"<script>alert(1)</script>",                                 # JPEG magic + HTML
    jpeg() + zip_bytes(),                                                                   # JPEG+ZIP polyglot
    jpeg() + b"<html><script>alert(1)</script></html>",                                     # JPEG+HTML polyglot
    demo_png() + b"<svg onload=alert(1)>",                                                  # PNG + trailing SVG
    demo_png()[:-12],                                                                       # PNG without IEND
    b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n",  # PDF + JS
    demo_pdf().replace(b"%%EOF", b"%%EOX") + b"PK\x03\x04" + zip_bytes(),                   # PDF+ZIP, no EOF
    b"GIF89a\x01\x00\x01\x00",                                                              # other image type
    b"MZ\x90\x00" + b"\x00" * 64,                                                           # executable
])
def test_attacks_are_refused_with_415(content):
    with pytest.raises(ApiError) as exc:
        check(content, name="foto.jpg")
    assert exc.value.status_code == 415


def test_empty_file_is_refused():
    with pytest.raises(ApiError) as exc:
        check(b"", name="kosong.pdf")
    assert exc.value.error_code == "empty_file"


def test_type_must_be_allowed_by_requirement():
    with pytest.raises(ApiError) as exc:
        check(demo_png(), allowed=["pdf"])
    assert exc.value.status_code == 415


def test_size_limit_is_the_smaller_of_setting_and_requirement(settings):
    settings.CASES_MAX_UPLOAD_BYTES = 10_000
    with pytest.raises(ApiError) as exc:
        check(demo_pdf() + b" " * 20_000, max_bytes=50_000)
    assert exc.value.status_code == 413
    with pytest.raises(ApiError) as exc:
        check(demo_pdf() + b" " * 3000, max_bytes=1024)
    assert exc.value.status_code == 413


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
    ("/var/www/balai/settings.py", "settings.py"),
    ("..", "berkas"),
    ("scan\x00.pdf\r\n", "scan.pdf"),
    ("<script>.pdf", "script.pdf"),
])
def test_display_names_are_sanitised(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.django_db
def test_stored_under_random_name_whatever_the_client_says(make_case):
    app = make_case(submit=False)
    attachment = attachment_add(application=app, requirement_code="scan-dokumen",
                                upload=SimpleUploadedFile("../../../../etc/cron.d/evil.pdf", demo_pdf()),
                                by=app.applicant)
    assert attachment.file.name.startswith("cases/") and ".." not in attachment.file.name
    assert "evil" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert attachment.original_name == "evil.pdf" and attachment.content_type == "application/pdf"
    assert attachment.file.storage.exists(attachment.file.name)


@pytest.mark.django_db
def test_refused_upload_saves_nothing(make_case, tmp_path):
    app = make_case(submit=False)
    with pytest.raises(ApiError):
        attachment_add(application=app, requirement_code="scan-dokumen",
                       upload=SimpleUploadedFile("a.jpg", b"<html></html>"), by=app.applicant)
    assert not Attachment.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_new_upload_supersedes_the_previous_one(make_case):
    app = make_case(submit=False)
    first = attachment_add(application=app, requirement_code="scan-dokumen", upload=SimpleUploadedFile("a.pdf", demo_pdf()),
                           by=app.applicant)
    attachment_add(application=app, requirement_code="scan-dokumen", upload=SimpleUploadedFile("b.png", demo_png()),
                   by=app.applicant)
    first.refresh_from_db()
    assert first.superseded and Attachment.objects.filter(superseded=False).count() == 1


@pytest.mark.django_db
def test_served_only_through_access_checked_view(client, make_case, make_citizen):
    app = make_case()
    attachment = Attachment.objects.filter(application=app).first()
    url = f"/berkas/{app.tracking_number}/lampiran/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(make_citizen(nik="3578084512990066"))
    assert client.get(url).status_code == 404  # another citizen
    client.force_login(app.applicant)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(f"/_private-media/{attachment.file.name}").status_code == 404
