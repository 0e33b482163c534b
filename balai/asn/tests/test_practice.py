"""The practice desk: synthetic cases from the catalogue, scoring, JP, and isolation (ARCHITECTURE
invariant 10) — any sequence of practice actions leaves every real count, queue and audit chain unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.asn import practice
from balai.asn.models import Completion, Decision, PracticeCase
from balai.cases.models import Application, CaseEvent
from balai.core.models import AuditEntry, OutboxTask

pytestmark = pytest.mark.django_db


def _decide_right(user, case):
    return practice.case_decide(user=user, reference=case.reference, decision=case.expected_decision,
                                requirement=case.expected_requirement)


def test_a_run_has_one_case_per_scenario_from_the_catalogue(make_staff):
    run = practice.run_start(user=make_staff(), seed=1)
    cases = list(run.cases.all())
    assert sorted(c.scenario for c in cases) == sorted(["incomplete_kk", "late_birth", "duplicate",
                                                        "wrong_attachment"])
    by = {c.scenario: c for c in cases}
    assert by["incomplete_kk"].service_name.startswith("Kartu Keluarga")
    assert (by["incomplete_kk"].expected_decision, bool(by["incomplete_kk"].expected_requirement)) == ("return", True)
    assert by["late_birth"].expected_decision == "approve"  # late is not a reason to refuse
    assert by["duplicate"].expected_decision == "reject"
    assert by["wrong_attachment"].expected_decision == "return"
    assert not Application.objects.exists()


def test_right_decisions_pass_the_track_and_count_as_jp(make_staff):
    user = make_staff()
    run = practice.run_start(user=user)
    for case in run.cases.all():
        practice.case_open(user=user, reference=case.pk)
        assert _decide_right(user, case).correct
    run.refresh_from_db()
    assert run.passed and run.score == 100
    assert Completion.objects.get(user=user, kind="practice").jp == 4


def test_returning_without_naming_the_right_requirement_is_not_right(make_staff):
    user = make_staff()
    run = practice.run_start(user=user)
    case = run.cases.get(scenario="incomplete_kk")
    assert not practice.case_decide(user=user, reference=case.pk, decision="return", requirement="").correct


@pytest.fixture
def real_case(make_citizen):
    """A real case in the Surabaya officers' queue (submitted: set as a fixture fact)."""
    from datetime import timedelta

    from django.utils import timezone

    from balai.cases.selectors import current_version
    from balai.cases.services import application_create

    app = application_create(version=current_version("legalisir"), by=make_citizen()).application
    now = timezone.now()
    Application.objects.filter(pk=app.pk).update(state="submitted", submitted_at=now,
                                                 due_date=(now + timedelta(days=3)).date())
    app.refresh_from_db()
    return app


def test_a_practice_action_on_a_real_case_or_anothers_practice_case_is_403(make_staff, real_case):
    user, other = make_staff(), make_staff()
    theirs = practice.run_start(user=other).cases.first()
    real = real_case
    for reference in (real.tracking_number, str(real.pk), theirs.reference, theirs.pk):
        with pytest.raises(practice.PracticeRefused) as caught:
            practice.case_decide(user=user, reference=reference, decision="approve")
        assert caught.value.status_code == 403




def _officer(make_staff):
    from balai.accounts.models import User

    found = User.objects.filter(username="queue.officer").first()
    return found or make_staff(username="queue.officer")


def _snapshot(officer):
    from balai.cases.selectors import queue_for_officer

    queue = queue_for_officer(officer=officer)
    return {
        "applications": list(Application.objects.order_by("pk").values_list("pk", "state", "updated_at")),
        "events": list(CaseEvent.objects.order_by("pk").values_list("pk", flat=True)),
        "queue": ([a.pk for a in queue.rows], queue.counts, queue.total),
        # every audit entry but the person's own training record (a passed track's JP and certificate)
        "audit": list(AuditEntry.objects.exclude(object_type__in=["asn_completion", "document"])
                      .order_by("pk").values_list("pk", "hash")),
        "outbox": OutboxTask.objects.exclude(task__icontains="issue_document").count(),
    }


actions = st.lists(st.tuples(st.sampled_from(["start", "open", "decide", "real"]), st.integers(0, 3),
                             st.sampled_from(Decision.values)), max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(actions)
def test_any_sequence_of_practice_actions_leaves_real_records_unchanged(make_staff, real_case, steps):
    from balai.notifications.models import Notification

    user = make_staff()
    officer = _officer(make_staff)
    before, notices = _snapshot(officer), Notification.objects.count()
    assert before["queue"][2] >= 1  # the real case is in the officer's queue
    real = real_case
    for kind, index, decision in steps:
        run = practice.current_run(user)
        if kind == "start" or run is None:
            practice.run_start(user=user)
            continue
        case = list(run.cases.all())[index]
        if kind == "open":
            practice.case_open(user=user, reference=case.pk)
        elif kind == "decide":
            practice.case_decide(user=user, reference=case.reference, decision=decision,
                                 requirement=case.expected_requirement)
        elif real is not None:
            with pytest.raises(practice.PracticeRefused):
                practice.case_decide(user=user, reference=real.tracking_number, decision=decision)
    assert _snapshot(officer) == before
    assert Notification.objects.count() == notices
    assert PracticeCase.objects.filter(run__user=user).count() % 4 == 0
