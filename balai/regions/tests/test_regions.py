import pytest
from django.core.management import call_command

from balai.regions.models import Level, Region
from balai.regions.services import regions_load


@pytest.mark.django_db
def test_jawa_timur_counts():
    jatim = Region.objects.filter(code__startswith="35")
    assert jatim.filter(level=Level.REGENCY).count() == 38
    assert jatim.filter(level=Level.DISTRICT).count() == 666
    assert jatim.filter(level=Level.VILLAGE).count() == 8494
    assert jatim.filter(level=Level.VILLAGE, kind="kelurahan").count() == 773
    assert jatim.filter(level=Level.REGENCY, kind="kota").count() == 9
    assert Region.objects.get(code="357808").name == "Gubeng"


@pytest.mark.django_db
def test_full_load_is_complete_and_idempotent():
    call_command("load_regions", verbosity=0)
    assert Region.objects.count() == 91599
    snapshot = list(Region.objects.order_by("code").values_list("code", "name", "parent_id", "kind", "level"))
    stats = regions_load()
    assert stats == {"created": 0, "updated": 0, "total": 91599}
    assert list(Region.objects.order_by("code").values_list("code", "name", "parent_id", "kind", "level")) == snapshot


@pytest.mark.django_db
def test_api_region_and_children(client):
    response = client.get("/api/regions/35/children/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 38
    assert body["results"][0]["code"] == "3501"
    assert {r["code"] for r in body["results"]} >= {"3578", "3507"}
    detail = client.get("/api/regions/357808/").json()
    assert detail == {"code": "357808", "dotted": "35.78.08", "level": "district", "name": "Gubeng", "kind": "",
                      "parent": {"code": "3578", "name": "Kota Surabaya"}}


@pytest.mark.django_db
def test_api_unknown_region_is_404_in_error_format(client):
    response = client.get("/api/regions/9999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_htmx_options_fill_next_level_and_clear_lower(client):
    response = client.get("/wilayah/opsi/", {"regency": "3578"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'value="357808">Gubeng' in html
    assert 'id="id_village" hx-swap-oob="innerHTML"' in html
    assert 'id="id_district"' not in html
