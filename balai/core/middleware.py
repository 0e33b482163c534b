from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from rest_framework.throttling import BaseThrottle

from . import context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address by the API throttles' own rule (DRF ``NUM_PROXIES``): behind N trusted
    proxies, the N-th address from the right of X-Forwarded-For; else the peer address. Addresses a
    client writes into the header itself (left of the trusted ones) are never used."""
    # get_ident is typed for DRF's Request but reads only request.META, which a Django request has
    return BaseThrottle().get_ident(request)  # type: ignore[arg-type]


class RequestIdMiddleware:
    """Gives every request an id (a sane incoming X-Request-ID is kept), echoes it in the
    response and makes it available to the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = context.activate(context.RequestContext(request_id=request_id, ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            context.deactivate(token)
        response["X-Request-ID"] = request_id
        return response
