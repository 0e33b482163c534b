"""Service units: the maklumat pelayanan (issued signed by a supervisor of the unit, reissued as a
new version, shown and downloadable on the public unit page, seeded by the demo), and the ASN
fluency figures (unit level for the supervisor; an aggregate share in public)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from balai.cases.routing import office_for
from balai.documents.models import Status
from balai.quality.errors import QualityError
from balai.quality.models import FluencyStat, ServicePledge
from balai.quality.services.pledge import DOC_TYPE, PLEDGE_TEXT, pledge_issue
from balai.quality.units import current_pledge, fluency_share

pytestmark = pytest.mark.django_db

HEAD = {"head_name": "Ir. Bambang Sutopo, M.Si.", "head_title": "Kepala Dispendukcapil Kota Surabaya",
        "head_nip": "197403242006041015"}


@pytest.fixture
def office():
    return office_for("dukcapil", "3578")  # named like the staff fixtures' unit


def test_a_supervisor_issues_a_signed_pledge_and_a_reissue_supersedes_it(office, supervisor, signing):
    from balai.documents.verification import check_signature

    # when
    first = pledge_issue(office=office, by=supervisor, **HEAD)
    # then: a signed PDF of the registered type, the regulation's text, the head as signer
    document = first.document
    assert (first.version, document.doc_type, document.status) == (1, DOC_TYPE, Status.VALID)
    assert first.text == PLEDGE_TEXT and PLEDGE_TEXT.startswith("Dengan ini, kami menyatakan sanggup")
    assert document.signer_name == HEAD["head_name"] and document.signer_nip == HEAD["head_nip"]
    with default_storage.open(document.storage_key, "rb") as f:
        assert check_signature(f.read()).valid
    assert current_pledge(office) == first
    # when: reissued
    second = pledge_issue(office=office, by=supervisor, **{**HEAD, "head_name": "Dra. Sri Wahyuni"})
    # then
    document.refresh_from_db()
    assert second.version == 2 and document.status == Status.SUPERSEDED
    assert current_pledge(office) == second


def test_only_a_supervisor_of_the_unit_may_issue(office, officer, make_staff, fake_documents):
    elsewhere = make_staff(role="supervisor", jurisdiction=("3573",), unit="Dispendukcapil Kota Malang")
    for user in (officer, elsewhere):
        with pytest.raises(QualityError) as raised:
            pledge_issue(office=office, by=user, **HEAD)
        assert raised.value.status_code == 403
    assert fake_documents == [] and not ServicePledge.objects.exists()


def test_the_signer_is_checked_before_anything_is_issued(office, supervisor, fake_documents):
    with pytest.raises(QualityError) as raised:
        pledge_issue(office=office, by=supervisor, head_name="X", head_title="Kepala", head_nip="12ab")
    assert set(raised.value.fields) == {"head_name", "head_nip"}
    assert fake_documents == []


def test_the_unit_page_shows_the_pledge_and_serves_its_pdf(client, office, supervisor, signing):
    # given: no pledge yet
    page = client.get(reverse("quality:unit", args=[office.pk])).content.decode()
    assert "belum menerbitkan maklumat" in page
    assert client.get(reverse("quality:pledge_file", args=[office.pk])).status_code == 404
    # when
    pledge = pledge_issue(office=office, by=supervisor, **HEAD)
    # then: anyone sees the text, the signer, the number, the download and the verification link
    page = client.get(reverse("quality:unit", args=[office.pk])).content.decode()
    assert PLEDGE_TEXT in page and HEAD["head_name"] in page and pledge.document.number in page
    assert reverse("quality:pledge_file", args=[office.pk]) in page and pledge.document.verify_url in page
    response = client.get(reverse("quality:pledge_file", args=[office.pk]))
    assert response["Content-Type"] == "application/pdf"
    with default_storage.open(pledge.document.storage_key, "rb") as f:
        assert b"".join(response.streaming_content) == f.read()  # exactly as signed
    # and the list of units and the regency's dashboard lead there
    assert reverse("quality:unit", args=[office.pk]) in client.get(reverse("quality:units")).content.decode()
    dashboard = client.get(reverse("quality:dashboard"), {"wilayah": "3578"}).content.decode()
    assert reverse("quality:unit", args=[office.pk]) in dashboard
    assert client.get(reverse("quality:unit", args=[999999])).status_code == 404


def test_a_revoked_pledge_is_no_longer_shown(client, office, supervisor, signing):
    pledge = pledge_issue(office=office, by=supervisor, **HEAD)
    pledge.document.status = Status.REVOKED
    pledge.document.save(update_fields=["status"])
    assert current_pledge(office) is None
    assert client.get(reverse("quality:pledge_file", args=[office.pk])).status_code == 404


def test_the_desk_issues_for_the_supervisors_units_only(staff_client, office, signing):
    client, user = staff_client("supervisor")
    page = client.get(reverse("quality:pledge_desk")).content.decode()
    assert office.name in page and "Terbitkan dan tandatangani" in page
    response = client.post(reverse("quality:pledge_desk"), {"office": office.pk, **HEAD})
    assert response.status_code == 302
    assert current_pledge(office).issued_by == user
    other = office_for("dukcapil", "3573")
    response = client.post(reverse("quality:pledge_desk"), {"office": other.pk, **HEAD})
    assert response.status_code == 200 and current_pledge(other) is None  # not a choice of this desk


def test_the_desk_is_closed_to_officers(staff_client):
    client, _user = staff_client("officer")
    assert client.get(reverse("quality:pledge_desk")).status_code == 403


def test_the_demo_issues_a_pledge_for_its_units(settings, signing):
    from balai.quality.demo import _pledges

    settings.DEMO = True
    lines = _pledges()
    assert len(lines) == 2 and all("maklumat pelayanan of" in line for line in lines)
    assert _pledges() == []  # idempotent
    surabaya = office_for("dukcapil", "3578")
    assert current_pledge(surabaya).head_name.endswith("(contoh)")


# --- ASN fluency ---------------------------------------------------------------------------------

def _asn(make_staff, n: int, unit: str, regency: str, *, with_jp: int):
    from django.utils import timezone

    from balai.asn.models_training import Completion, CompletionKind
    from balai.asn.services import profile_save

    year = timezone.localdate().year
    for i in range(n):
        user = make_staff(role="officer", unit=unit, jurisdiction=(regency,), with_totp=False)
        profile_save(user=user, data={
            "nip": f"1990010120150{regency}{i:01d}"[:18].ljust(18, "1"), "kind": "pns",
            "position_type": "administrative", "functional_level": "", "position_name": "", "rank": "II/c",
            "rank_tmt": "2024-04-01", "birth_date": "1990-01-01", "education": "d3", "skp_last": "baik",
            "skp_previous": "baik"})
        if i < with_jp:
            Completion.objects.create(user=user, kind=CompletionKind.PRACTICE, title="Latihan", jp=40, year=year)


def test_fluency_is_copied_by_the_refresh_and_public_only_in_aggregate(client, make_staff, office, settings):
    from balai.quality.services.fluency import refresh_fluency

    # given: five ASN in Surabaya's Disdukcapil (three with 20 JP), two in Malang's
    _asn(make_staff, 5, office.name, "3578", with_jp=3)
    malang = office_for("dukcapil", "3573")
    _asn(make_staff, 2, malang.name, "3573", with_jp=2)
    # when
    assert refresh_fluency(force=True) == 2
    assert refresh_fluency() == 0  # not again within the hour
    # then
    assert FluencyStat.objects.get(unit=office.name).regency_code == "3578"
    province, surabaya, small = fluency_share(), fluency_share(("3578",)), fluency_share(("3573",))
    assert (province.asn, province.with_required_jp) == (7, 5)
    assert str(surabaya.share_required_jp) == "60.0"
    assert not small.shown and small.share_required_jp is None  # two people: not shown
    page = client.get(reverse("quality:dashboard"), {"wilayah": "3578"}).content.decode()
    assert "60,0 %" in page or "60.0 %" in page
    page = client.get(reverse("quality:dashboard"), {"wilayah": "3573"}).content.decode()
    assert "kurang dari 5 ASN" in page
    for name in ("Petugas",):  # no officer's name anywhere in public
        assert name not in client.get(reverse("quality:dashboard")).content.decode()


def test_supervision_shows_the_units_fluency_without_officers(staff_client, make_staff, office):
    _asn(make_staff, 2, office.name, "3578", with_jp=1)
    client, _user = staff_client("supervisor")
    page = client.get(reverse("quality:supervision")).content.decode()
    assert "Kecakapan digital ASN per unit" in page and office.name in page
    assert "1 (50 %)" in page
    assert "Petugas 1" not in page.split("Kecakapan digital ASN per unit")[1]


def test_the_service_standard_links_to_the_complaint_form():
    """Component 6 (complaint handling) of each service's standard: quality registers its form on
    cases' service-page registry (cases names no quality page)."""
    from balai.cases.page_links import service_links
    from balai.cases.selectors import current_version

    links = dict((str(label), url) for label, url in service_links(current_version("legalisir")))
    assert links == {"Sampaikan pengaduan tentang layanan ini": reverse("quality:complaint_new")}


def test_unit_pages_in_english(client, office, supervisor, signing):
    pledge_issue(office=office, by=supervisor, **HEAD)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("quality:unit", args=[office.pk])).content.decode()
    # the signed text stays Indonesian (marked so), with its translation beside it
    assert 'lang="id"' in page and "we are ready to accept sanctions" in page
    assert "Service pledge" in page and "Download the pledge (signed PDF)" in page and "Ditandatangani" not in page
    page = client.get(reverse("quality:units")).content.decode()
    assert "Service units and their service pledges" in page and "pledge issued" in page
    page = client.get(reverse("quality:dashboard"), {"wilayah": "3578"}).content.decode()
    assert "Digital fluency of civil servants" in page and "Kecakapan" not in page


def test_fluency_has_its_own_hourly_task(settings):
    import balai.quality.tasks  # noqa: F401 - registers the task with the app
    from balai.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["quality-refresh-fluency"]
    assert entry["task"] == "balai.quality.tasks.refresh_fluency" and entry["task"] in app.tasks
    assert float(entry["schedule"]) == 3600
