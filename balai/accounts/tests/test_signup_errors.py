"""A refused sign-up says each problem once, at its field; the error summary above the form links to
the fields by their labels (the NIK message showed twice for "1234")."""

import re

import pytest


@pytest.mark.django_db
def test_a_short_nik_is_said_once_at_the_field_and_linked_from_the_summary(client):
    response = client.post("/daftar/", {"full_name": "Dewi Sartika", "nik": "1234"})
    page = response.content.decode()
    message = "NIK harus terdiri dari 16 digit."
    assert response.status_code == 200 and page.count(message) == 1
    field = re.search(r'<ul class="errors" id="id_nik_error">(.*?)</ul>', page, re.S)
    assert field and message in field.group(1)
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert '<a href="#id_nik">NIK</a>' in summary and message not in summary
    # every other refused field is linked too, its message again only at the field
    assert '<a href="#id_username">Nama pengguna</a>' in summary and "harus diisi" not in summary
