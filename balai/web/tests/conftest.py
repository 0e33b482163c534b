"""The cast shared by the access-matrix, cross-account and input-abuse tests: one account per role
(citizens A and B, officers inside and outside the jurisdiction, a supervisor, agents of two
service points, an administrator), each with a client logged in through the real views."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from balai.cases.tests.conftest import LEGALISIR_DATA, pdf_upload
from balai.conftest import totp_code

A_NAME = "Kartini Wulandari"
B_NAME = "Bambang Wijaya"

STAFF = {
    "officer_in": dict(role="officer", jurisdiction=("3578",)),
    "officer_out": dict(role="officer", jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang"),
    "supervisor": dict(role="supervisor", jurisdiction=("3578",)),
    "agent_x": dict(role="agent", jurisdiction=("3578",)),
    "agent_y": dict(role="agent", jurisdiction=("3578",)),
    "admin": dict(role="admin", jurisdiction=()),
}


def _attach_agents(users: dict) -> dict:
    """Agent X and agent Y each work at their own service point, supervised by the supervisor."""
    from balai.partners.services.points import agent_attach, point_create

    points = {}
    for name in ("agent_x", "agent_y"):
        point = point_create(by=users["supervisor"], name=f"Koppontren {name}", village_code="3578081001",
                             address="Jl. Pesantren 1", contact_name="Pengurus", contact_phone="081200000000",
                             samsat_unit="UPT PPD Surabaya Timur", cash_limit=10_000_000, bank_name="Bank Jatim",
                             bank_account_number="0011223344", bank_account_name="Koppontren",
                             supervisor=users["supervisor"])
        agent_attach(user=users[name], point=point, by=users["supervisor"])
        points[name] = point
    return points


@pytest.fixture
def cast(make_citizen, make_staff):
    """Users, clients, service points and landing pages (after a real sign-in) by role name
    (``cast.users["citizen_a"]``, ``cast.clients[...]``, ``cast.landings[...]``)."""
    # verified: the register data and vehicles of their NIKs are theirs to see (identity levels)
    users = {"citizen_a": make_citizen(full_name="Siti Aminah", identity="verified"),
             "citizen_b": make_citizen(full_name="Bambang Wijaya", identity="verified")}
    clients: dict[str, Client] = {"anonymous": Client()}
    for name in ("citizen_a", "citizen_b"):
        clients[name] = Client()
        clients[name].force_login(users[name])
    users.update({name: make_staff(**kwargs) for name, kwargs in STAFF.items()})
    points = _attach_agents(users)
    landings = {"anonymous": "/"}
    for name in ("citizen_a", "citizen_b"):
        response = Client().post("/masuk/", {"username": users[name].username, "password": users[name].raw_password})
        assert response.status_code == 302, name
        landings[name] = response["Location"]
    for name in STAFF:
        user = users[name]
        client = Client()
        client.post("/masuk/", {"username": user.username, "password": user.raw_password})
        response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
        assert response.status_code == 302, name
        clients[name] = client
        landings[name] = response["Location"]  # where the role lands after signing in
    return SimpleNamespace(users=users, clients=clients, points=points, landings=landings)


@pytest.fixture
def clients(cast):
    """One logged-in client per role of access_matrix.ROLES."""
    return cast.clients


@pytest.fixture
def world(cast, signing, django_capture_on_commit_callbacks):
    """One object of each type belonging to citizen A / Surabaya / point X."""
    from balai.cases.selectors import current_version
    from balai.cases.services import application_act, application_create, attachment_add
    from balai.civil.models import Relationship
    from balai.civil.services import CardAddress, family_card_create
    from balai.civil.tests.factories import make_person
    from balai.documents.models import Document
    from balai.documents.tests.factories import issue_letter
    from balai.partners.services import collection_record, day_close
    from balai.payments.beneficiaries import beneficiaries_ensure
    from balai.payments.models import PaymentAttempt
    from balai.payments.tests.factories import make_bill
    from balai.vehicles.rules import rules_seed_into
    from balai.vehicles.tests.factories import make_vehicle

    beneficiaries_ensure()
    rules_seed_into()
    users = cast.users
    a, b = users["citizen_a"], users["citizen_b"]
    a.full_name = A_NAME
    a.save(update_fields=["full_name"])
    b.full_name = B_NAME
    b.save(update_fields=["full_name"])

    def case_of(user):
        created = application_create(version=current_version("legalisir"), by=user, data=LEGALISIR_DATA)
        app = created.application
        for req in ("scan-dokumen", "ktp-el"):
            attachment_add(application=app, requirement_code=req, upload=pdf_upload("ijazah-kartini.pdf"), by=user)
        return application_act(application=app, by=user, action="submit", transaction_id=f"x-{user.pk}")

    case_a, case_b = case_of(a), case_of(b)
    attachment_a = case_a.attachments.order_by("id").first()

    letter = issue_letter(owner=a, subject_name=A_NAME, subject_id=f"A-{a.pk}")
    # an output of A's case (as family cards and birth certificates are): the case's scope applies
    case_letter = issue_letter(owner=a, subject_name=A_NAME, subject_type="case",
                               subject_id=case_a.tracking_number)

    bill_a = make_bill(payer=a, payer_name=A_NAME)
    bill_b = make_bill(payer=b, payer_name=B_NAME)
    attempt_a = PaymentAttempt.objects.create(bill=bill_a, gateway="sandbox", method="va", gateway_ref="GW-A-1",
                                              instructions={"kind": "va", "va_number": "8808123456789012"},
                                              created_at=timezone.now())
    paid_bill = make_bill(payer=a, payer_name=A_NAME)
    with django_capture_on_commit_callbacks(execute=True):  # the receipt is issued after the commit
        collection = collection_record(agent_user=users["agent_x"], payment_code=paid_bill.payment_code,
                                       idempotency_key="cross-account-1").collection
    receipt_doc = Document.objects.filter(owner=a, doc_type="payment_receipt").first()
    assert receipt_doc is not None, "the cash payment of A's bill should have issued A a receipt"
    closing = day_close(by=users["agent_x"])

    vehicle = make_vehicle(owner_nik=a.citizen.nik, owner_name=A_NAME, regency_code="3578",
                           owner_address="Jl. Dharmawangsa 77")

    head = make_person(full_name="Sutrisno Hadiwijoyo", sex="M", birth_date=dt.date(1985, 8, 17))
    wife = make_person(full_name=A_NAME, sex="F", birth_date=dt.date(1999, 12, 5), nik=a.citizen.nik)
    card = family_card_create(head=head, members=[(wife, Relationship.WIFE)], by=None,
                              address=CardAddress("Jl. Raya Gubeng No. 12", "3", "5", "3578081001", "60281"))
    return locals()
