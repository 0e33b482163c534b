"""Two officers claim the same case at the same moment: exactly one holds it (row lock)."""

import threading

import pytest
from django.db import connection, connections

from balai.cases.models import Application, CaseEvent
from balai.cases.services import application_act
from balai.core.api import ApiError


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_leave_exactly_one_holder(make_case, make_staff):
    app = make_case()
    officers = [make_staff() for _ in range(6)]
    barrier = threading.Barrier(len(officers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def claim(officer):
        try:
            barrier.wait()
            application_act(application=app, by=officer, action="claim")
            result = "ok"
        except ApiError as exc:
            result = exc.error_code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=claim, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} == {"already_claimed"}
    app = Application.objects.get(pk=app.pk)
    assert app.state == "in_review" and app.assignee_id in {o.pk for o in officers}
    assert CaseEvent.objects.filter(application=app, action="claim").count() == 1
