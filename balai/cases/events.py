"""The case's action log and who may write to it: the workflow roles a user holds on a case,
appending the next ``CaseEvent`` and folding the log back into a state (``application_replay``).

Every write of the engine (``workflow.py``), of attachments and of case creation ends here."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext as _

from balai.accounts.models import Role, User
from balai.core.api import ApiError

from .labels import action_label
from .models import ActorRole, Application, CaseEvent


def _role_label(user: User | None, app: Application) -> str:
    if user is None:
        return ActorRole.SYSTEM
    if user.pk == app.applicant_id:
        return ActorRole.APPLICANT
    if user.pk == app.filed_by_id:
        return ActorRole.COUNTER
    return user.role


def actor_roles(user: User | None, app: Application) -> set[str]:
    """Every workflow role the user holds on this case (an officer filing at a counter acts as
    the applicant for submit/resubmit while the case stays in their jurisdiction, and as an
    officer for the desk)."""
    if user is None:
        return {ActorRole.SYSTEM}
    from .selectors import filer_in_scope, staff_scope

    roles: set[str] = set()
    if user.pk == app.applicant_id or filer_in_scope(user, app):
        roles.add(ActorRole.APPLICANT)
    if user.role in (Role.OFFICER, Role.SUPERVISOR) and staff_scope(user).covers(app):
        roles.add(user.role)
    return roles


def _invalid_transition(app: Application, action: str) -> ApiError:
    return ApiError("invalid_transition",
                    _("Aksi '%(action)s' tidak diizinkan untuk permohonan berstatus '%(state)s'.")
                    % {"action": action_label(action, app.workflow_id), "state": app.state_label}, status_code=409,
                    fields={"state": app.state, "action": action})


def _append(app: Application, *, action: str, from_state: str, to_state: str, by: User | None, role: str,
            note: str = "", data: dict | None = None, transaction_id: str = "") -> CaseEvent:
    """Insert the next event. Call while holding the case row lock (seq is max + 1)."""
    last = app.events.aggregate(m=Max("seq"))["m"] or 0
    return CaseEvent.objects.create(application=app, seq=last + 1, action=action, from_state=from_state,
                                    to_state=to_state, actor=by, actor_role=role, note=note, data=data or {},
                                    transaction_id=transaction_id)


def _public_entry(action: str, state: str, at) -> dict:
    return {"action": action, "state": state, "at": at.isoformat()}


def application_replay(app: Application) -> str:
    """Fold the action log; raises ValueError if an event does not start where the last ended."""
    state = ""
    for event in app.events.order_by("seq"):
        if event.from_state != state:
            raise ValueError(f"event #{event.seq} starts at {event.from_state!r}, log is at {state!r}")
        state = event.to_state
    return state
