"""The booking engine's refusals: one ``DomainError`` subclass with stable codes."""

from __future__ import annotations

from balai.core.errors import DomainError


class AppointmentError(DomainError):
    """A booking refused by a rule. Codes: ``slot_full`` (409, ``fields["next_free"]`` lists the next
    free slots), ``day_closed`` (422, the message names the reason: past day, holiday, weekend,
    local closure, outside the service's days), ``too_late`` (409, after the cut-off),
    ``already_booked`` (409, one active booking per citizen, service and subject), ``not_bookable``
    (422), ``wrong_state`` (409), ``not_found`` (404), ``outside_jurisdiction`` (403)."""

    status_code = 422
    default_code = "invalid"
