"""HTTP face of the SNAP services: plain Django views (the bank signs the raw body, so nothing
may parse or re-render it first), JSON answers with ``X-TIMESTAMP``. No session, no CSRF: the
bank is authenticated by its signatures."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import codes, handlers, protocol
from .protocol import Call, SnapRefusal

log = logging.getLogger("balai.payments.snap")


def _respond(status: int, data: dict) -> JsonResponse:
    # Keys sorted: a stored answer (jsonb keeps its own key order) goes out byte for byte as the first.
    response = JsonResponse(data, status=status, json_dumps_params={"sort_keys": True})
    response["X-TIMESTAMP"] = timezone.localtime().isoformat(timespec="seconds")
    return response


@csrf_exempt
@require_POST
def access_token(request: HttpRequest) -> JsonResponse:
    try:
        return _respond(200, protocol.access_token(headers=request.headers, body=request.body))
    except SnapRefusal as refused:
        log.warning("SNAP token refused: %s %s", refused.case, refused.detail)
        return _respond(*codes.answer(codes.ACCESS_TOKEN, refused.case, refused.detail))


def _service(service: str, handler: Callable[[Call], handlers.Answer]):
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> JsonResponse:
        try:
            call = protocol.authenticate(method=request.method or "POST", path=request.path,
                                         headers=request.headers, body=request.body, service=service)
            return _respond(*handler(call))
        except SnapRefusal as refused:
            if refused.case != "success":
                log.info("SNAP %s refused: %s %s", codes.SERVICES[service], refused.case, refused.detail)
            return _respond(*codes.answer(service, refused.case, refused.detail))
        except Exception:  # noqa: BLE001 - the bank gets a SNAP answer, the log the trace
            log.exception("SNAP %s failed", codes.SERVICES[service])
            return _respond(*codes.answer(service, "general_error"))

    view.__name__ = f"snap_{codes.SERVICES[service]}"
    return view


va_inquiry = _service(codes.VA_INQUIRY, handlers.inquiry)
va_payment = _service(codes.VA_PAYMENT, handlers.payment)
va_status = _service(codes.VA_STATUS, handlers.status)
