"""Staff downloads of documents about bills, vehicles and service points follow the rule for
viewing their subject: a payment receipt and an e-TBPKP the bill's regency (invariant 5), a
commission statement the point's supervisors (partners.selectors.points_for_supervisor). Outside
it the answer is 404, like for any document that does not exist; admins download everything."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from balai.conftest import totp_code

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.post("/masuk/", {"username": user.username, "password": user.raw_password})
    assert client.post("/masuk/verifikasi/", {"code": totp_code(user)}).status_code == 302
    return client


@pytest.fixture
def staff(cast, make_staff):
    """The cast's staff (Surabaya 3578: officer_in, supervisor; Kabupaten Malang 3507: officer_out),
    plus a supervisor of Kabupaten Malang."""
    out = {name: cast.clients[name] for name in ("officer_in", "officer_out", "supervisor", "admin")}
    out["supervisor_out"] = _login(make_staff(role="supervisor", jurisdiction=("3507",)))
    return out


@pytest.fixture
def etbpkp(world, django_capture_on_commit_callbacks):
    """A real e-TBPKP: citizen A's Surabaya vehicle billed and paid (issued after the commit)."""
    from balai.payments.services import payment_post
    from balai.vehicles.selectors import etbpkp_for
    from balai.vehicles.services import vehicle_bill_issue

    bill = vehicle_bill_issue(vehicle=world["vehicle"])
    with django_capture_on_commit_callbacks(execute=True):
        payment_post(payment_code=bill.payment_code, channel="test", external_ref="SCOPE-1", amount=bill.total)
    document = etbpkp_for(bill.payment_code)
    assert document is not None and bill.regency_code == "3578"
    return document


@pytest.fixture
def commission_doc(cast, world):
    """A real commission statement of point X (Surabaya) for last month."""
    from balai.partners.selectors import commission_statement
    from balai.partners.statements import commission_document

    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    statement = commission_statement(cast.points["agent_x"], last_month.year, last_month.month)
    return commission_document(statement, by=cast.users["supervisor"])


def _statuses(staff, document) -> dict[str, int]:
    return {name: client.get(document.download_path).status_code for name, client in staff.items()}


def test_payment_receipt_follows_the_bills_regency(staff, world):
    receipt = world["receipt_doc"]
    assert receipt.subject_type == "payment" and world["paid_bill"].regency_code == "3578"
    assert _statuses(staff, receipt) == {"officer_in": 200, "supervisor": 200, "admin": 200,
                                           "officer_out": 404, "supervisor_out": 404}


def test_etbpkp_follows_the_bills_regency(staff, etbpkp):
    assert etbpkp.subject_type == "vehicle_tax_bill"
    assert _statuses(staff, etbpkp) == {"officer_in": 200, "supervisor": 200, "admin": 200,
                                          "officer_out": 404, "supervisor_out": 404}


def test_commission_statement_follows_the_point_page(staff, cast, commission_doc):
    assert commission_doc.subject_type == "partners.commission"
    statuses = _statuses(staff, commission_doc)
    # officers see no service point at all; the point's supervisor and admins do
    assert statuses == {"officer_in": 404, "officer_out": 404, "supervisor": 200, "supervisor_out": 404,
                        "admin": 200}
    point_page = f"/mitra/titik/{cast.points['agent_x'].pk}/"
    for name in ("supervisor", "supervisor_out", "admin"):
        assert staff[name].get(point_page).status_code == statuses[name], name


def test_commission_statement_for_the_named_supervisor_outside_the_jurisdiction(cast, commission_doc, make_staff):
    """The same rule as the point page: the point's own supervisor, even from another regency."""
    from balai.partners.models import ServicePoint

    far = make_staff(role="supervisor", jurisdiction=("3507",))
    client = _login(far)
    assert client.get(commission_doc.download_path).status_code == 404
    ServicePoint.objects.filter(pk=cast.points["agent_x"].pk).update(supervisor=far)
    assert client.get(f"/mitra/titik/{cast.points['agent_x'].pk}/").status_code == 200
    assert client.get(commission_doc.download_path).status_code == 200


@pytest.mark.parametrize(("subject_type", "subject_id"), [
    ("payment", "999999999"), ("payment", "not-a-number"), ("vehicle_tax_bill", "00000000000000"),
    ("partners.commission", "NOPOINT:2026-01"), ("partners.commission", "no-period")])
def test_a_subject_that_cannot_be_found_is_404_for_staff(staff, world, subject_type, subject_id):
    from balai.documents.tests.factories import issue_letter

    document = issue_letter(owner=world["a"], subject_type=subject_type, subject_id=subject_id)
    statuses = _statuses(staff, document)
    assert statuses.pop("admin") == 200
    assert set(statuses.values()) == {404}


def test_every_subject_type_with_a_jurisdiction_has_a_scope():
    from balai.documents.selectors import _STAFF_SCOPES
    from balai.vehicles.selectors import ETBPKP_SUBJECT

    assert {"case", "payment", ETBPKP_SUBJECT, "partners.commission"} <= set(_STAFF_SCOPES)
