"""The plate + chassis-tail path through balai.vehicles, and a void of a vehicle-tax collection
(vehicles registers the undo of its endorsement, so payments lets the reversal through)."""

import pytest

from balai.partners.models import Collection
from balai.partners.services import void_decide, void_request
from balai.payments.states import BillStatus
from balai.vehicles.tests import factories as vehicles_factories


@pytest.mark.django_db
def test_find_vehicle_collect_and_void(agent_client, agent, supervisor):
    vehicle = vehicles_factories.make_vehicle()
    wrong = agent_client.post("/agen/kendaraan/", {"plate": vehicle.plate, "chassis_tail": "XXXXX"})
    assert wrong["Location"] == "/agen/"
    found = agent_client.post("/agen/kendaraan/", {"plate": vehicle.plate,
                                                   "chassis_tail": vehicle.chassis_number[-5:]})
    assert found.status_code == 302 and found["Location"].startswith("/agen/tagihan/?kode=")
    code = found["Location"].split("=")[1]
    page = agent_client.get(found["Location"]).content.decode()
    assert "PKB" in page and "Terima dan cetak kuitansi" in page
    import re

    idem = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    agent_client.post("/agen/terima/", {"payment_code": code, "idempotency_key": idem, "cash_received": "1"})
    collection = Collection.objects.get(bill__payment_code=code)
    assert collection.bill.status == BillStatus.PAID
    void = void_request(collection=collection, by=agent.user, reason="salah kendaraan")
    void_decide(void=void, by=supervisor, approve=True, note="dikembalikan")
    collection.bill.refresh_from_db()
    assert collection.bill.status == BillStatus.OPEN
