"""Service catalogue, workflow definitions, applications (cases), their action log and attachments.

Shapes: Open Zaak's case types (SLA as fields on the type), DIGIT's workflow configuration
(states and actions as rows), OpenCRVS's append-only actions (``CaseEvent``).

One module per part (``workflow``, ``catalogue``, ``applications``); everything is re-exported
here, so ``balai.cases.models.<name>`` (migrations included) keeps working.
"""

from .applications import (
    ACTION_LABELS,
    EDITABLE_STATES,
    FINAL_STATES,
    PUBLIC_ACTIONS,
    QUEUE_STATES,
    STATE_LABELS,
    Application,
    Attachment,
    CaseEvent,
    Notice,
    ReviewStatus,
    State,
    attachment_path,
)
from .catalogue import (
    UNIT_NAME_PREFIX,
    FileFormat,
    Office,
    OfficeServiceSLA,
    Requirement,
    Service,
    ServiceVersion,
    UnitType,
    default_formats,
    localized_steps,
)
from .workflow import ActorRole, Workflow, WorkflowAction, WorkflowState

__all__ = [
    "ACTION_LABELS", "EDITABLE_STATES", "FINAL_STATES", "PUBLIC_ACTIONS", "QUEUE_STATES", "STATE_LABELS",
    "UNIT_NAME_PREFIX", "ActorRole", "Application", "Attachment", "CaseEvent", "FileFormat", "Notice", "Office",
    "OfficeServiceSLA", "Requirement", "ReviewStatus", "Service", "ServiceVersion", "State", "UnitType",
    "Workflow", "WorkflowAction", "WorkflowState", "attachment_path", "default_formats", "localized_steps",
]
