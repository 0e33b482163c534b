import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_in_indonesian_by_default(client):
    r = client.get("/")
    html = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="id">' in html
    assert "Urus layanan publik tanpa antre" in html
    assert "https://" not in html.split("<body")[0]  # no CDN in <head>


@pytest.mark.django_db
def test_language_switch_to_english():
    client = Client()
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Public services without queues" in html


@pytest.mark.django_db
def test_error_pages(client):
    r = client.get("/tidak-ada/")
    assert r.status_code == 404 and "Halaman tidak ditemukan" in r.content.decode()


@pytest.mark.django_db
def test_static_assets_are_local(client):
    html = client.get("/").content.decode()
    assert "/static/django_htmx/htmx-2.min.js" in html or "htmx" in html
    assert "unpkg" not in html and "jsdelivr" not in html
