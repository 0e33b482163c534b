"""Gateway plugins (Open Forms' payment registry, STYLE §5): one base class, one registry."""

from .base import (
    Gateway,
    GatewayError,
    Instructions,
    Notification,
    StatusResult,
    WebhookRejected,
    registry,
)

__all__ = ["Gateway", "GatewayError", "Instructions", "Notification", "StatusResult", "WebhookRejected",
           "registry"]
