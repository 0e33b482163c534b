"""Property test: random sequences of actions by random actors never reach a state the workflow
does not allow, and the replay of the log always equals the stored state."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.cases.models import PUBLIC_ACTIONS, Application, CaseEvent, WorkflowAction, WorkflowState
from balai.cases.services import application_act, application_replay, attachment_add
from balai.core.api import ApiError

from .conftest import pdf_upload, verify_all

ACTIONS = ["submit", "claim", "release", "reassign", "approve", "return", "reject", "cancel", "resubmit",
           "complete", "verify_all", "upload"]
ACTORS = ["applicant", "officer", "officer2", "supervisor", "stranger_officer", "other_citizen", "system"]


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(ACTORS), st.booleans()),
                      min_size=1, max_size=25))
def test_random_actions_stay_inside_the_workflow(steps, make_case, make_staff, make_citizen, fake_documents):
    app = make_case(submit=False)
    cast = _cast(make_staff, make_citizen, app)
    workflow = app.workflow
    states = set(WorkflowState.objects.filter(workflow=workflow).values_list("code", flat=True))
    edges = {a.code: a for a in WorkflowAction.objects.filter(workflow=workflow)}
    for action, who, with_note in steps:
        before = Application.objects.get(pk=app.pk).state
        actor = cast[who]
        try:
            if actor is None and action in ("verify_all", "upload"):
                continue
            if action == "verify_all":
                verify_all(app, actor)
            elif action == "upload":
                for req in ("scan-dokumen", "ktp-el"):
                    attachment_add(application=app, requirement_code=req, upload=pdf_upload(), by=actor)
            else:
                application_act(application=app, by=actor, action=action, note="alasan" if with_note else "",
                                assignee=cast["officer2"] if action == "reassign" else None)
        except ApiError:
            pass  # refused: nothing may have changed
        current = Application.objects.get(pk=app.pk)
        assert current.state in states
        if current.state != before:
            last = CaseEvent.objects.filter(application=app).order_by("-seq").first()
            rule = edges[last.action]
            assert before in rule.from_states and current.state == rule.to_state
        assert application_replay(current) == current.state
        public = [e.action for e in CaseEvent.objects.filter(application=app).order_by("seq")
                  if e.action in PUBLIC_ACTIONS]
        assert [e["action"] for e in current.public_log] == public
    # an outsider never managed to act
    outsiders = {cast["stranger_officer"].pk, cast["other_citizen"].pk}
    assert not CaseEvent.objects.filter(application=app, actor_id__in=outsiders).exists()


def _cast(make_staff, make_citizen, app):
    return {
        "applicant": app.applicant,
        "officer": make_staff(),
        "officer2": make_staff(),
        "supervisor": make_staff(role="supervisor"),
        "stranger_officer": make_staff(jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang"),
        "other_citizen": make_citizen(),
        "system": None,
    }
