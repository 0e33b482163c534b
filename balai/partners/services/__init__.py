"""Partner writes, one module per concept: points and agents, cash collection and voids, day
closing and reconciliation. Every function runs in one transaction and records audit entries."""

from .cash import CollectionResult, collection_record, void_decide, void_request
from .closing import (
    ImportResult,
    closing_resolve,
    day_close,
    deposit_declare,
    statement_import,
)
from .common import PartnerError
from .points import (
    agent_attach,
    agent_create,
    agent_reactivate,
    agent_suspend,
    point_create,
    point_set_status,
)

__all__ = [
    "CollectionResult", "ImportResult", "PartnerError", "agent_attach", "agent_create", "agent_reactivate",
    "agent_suspend", "closing_resolve", "collection_record", "day_close", "deposit_declare", "point_create",
    "point_set_status", "statement_import", "void_decide", "void_request",
]
