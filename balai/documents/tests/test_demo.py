from urllib.parse import urlsplit

import pytest

from balai.core.demo import _seeders
from balai.documents.demo import seed_documents
from balai.documents.models import Document


@pytest.mark.django_db
def test_demo_seeder_issues_one_verifiable_letter_for_warga(make_citizen, client):
    warga = make_citizen(username="warga", nik="3578084512990001")
    assert "documents" in {name for _, name, _ in _seeders}  # registered in DocumentsConfig.ready()
    lines = list(seed_documents([]))
    again = list(seed_documents([]))
    document = Document.objects.get(owner=warga)
    assert Document.objects.filter(owner=warga).count() == 1
    text = "\n".join(lines)
    assert document.verify_url in text and document.download_path in text and lines == again
    assert client.get(urlsplit(document.verify_url).path).status_code == 200
    client.force_login(warga)
    assert client.get(document.download_path).status_code == 200
