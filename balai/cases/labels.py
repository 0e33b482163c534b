"""Workflow actions in words for timelines, histories and messages: a page never shows an action's
code (``approve``, ``reject_requirement``) to a citizen or an officer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import ACTION_LABELS, WorkflowAction


def action_label(code: str, workflow_id: int | None = None) -> str:
    """The built-in label; else the name the workflow gives the action (catalogue admin); else the
    code made readable (``reopen_case`` → ``Reopen case``)."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    if workflow_id is not None:
        name = (WorkflowAction.objects.filter(workflow_id=workflow_id, code=code)
                .values_list("name", flat=True).first())
        if name:
            return _(name)
    return code.replace("_", " ").strip().capitalize() or "—"


def event_label(event, requirement_names: dict[str, str], workflow_id: int | None = None) -> str:
    """An event in words; a requirement check names the requirement it was about."""
    label = action_label(event.action, workflow_id)
    code = (event.data or {}).get("requirement") if event.action in ("verify", "reject_requirement") else None
    if code:
        return _("%(label)s: %(requirement)s") % {"label": label, "requirement": requirement_names.get(code, code)}
    return label
