"""The one domain error: a rule refusal with a stable code, a message for people and field errors.

Services raise ``DomainError`` (or an app's subclass of it: ``PartnerError``, ``PaymentError``,
``VehicleTaxError``, ``RegisterError`` …) whatever the caller is. It is mapped to an answer in two
places only:

- the API: ``balai.core.api.exception_handler`` gives ``{"error": {"code", "message", "fields"}}``
  with the error's ``status_code``;
- HTML: a view that can show the error where it belongs calls ``error_message(request, exc)`` (a
  message on the next page) or ``add_form_errors(form, exc)`` (the message at the fields);
  an error no view caught reaches ``DomainErrorMiddleware``, which shows the message instead of
  a 500.

``fields`` maps a field name to a list of messages (a few older codes also carry a plain value
there, e.g. ``office`` of a vehicle-tax refusal): the API sends it as it is, a form puts each
message at its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refusal by a domain rule. ``code`` is stable (clients switch on it), ``message`` is shown
    to people (Indonesian source, translated), ``fields`` holds field-level messages and
    ``status_code`` is the HTTP status the API answers with."""

    status_code: int = 400
    default_code: str = "invalid"
    default_message: Any = _("Permintaan tidak valid.")

    def __init__(self, code: str | None = None, message: Any = None, *,
                 fields: Mapping[str, Any] | None = None, status_code: int | None = None):
        self.code = code or self.default_code
        self.message = message if message is not None else self.default_message
        self.fields = dict(fields or {})
        if status_code is not None:
            self.status_code = status_code
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class DomainValidationError(DomainError, ValidationError):
    """A ``DomainError`` that is also a Django ``ValidationError``, for the apps whose refusals
    are caught as one (a form's ``clean``, ``full_clean`` callers): built like a ValidationError
    (``RegisterError(message, code="…")``, or a dict of field errors)."""

    status_code = 409
    # Always set by ``__init__`` (the given code, else ValidationError's, else ``default_code``),
    # so narrower than ValidationError's ``str | None`` and the same as DomainError's.
    code: str

    def __init__(self, message: Any, code: str | None = None, params: Any = None, *,
                 fields: Mapping[str, Any] | None = None, status_code: int | None = None):
        ValidationError.__init__(self, message, code, params)
        if status_code is not None:
            self.status_code = status_code
        field_errors = {key: list(value) for key, value in self.message_dict.items()} \
            if hasattr(self, "error_dict") else {}
        self.fields = {**field_errors, **(fields or {})}
        texts = self.messages
        if hasattr(self, "message"):  # one message: keep it formatted (params already applied)
            self.message, self.params = (texts[0] if texts else self.message), None
        else:
            self.message = texts[0] if texts else self.default_message
        self.code = getattr(self, "code", None) or code or self.default_code
        Exception.__init__(self, str(self.message))

    def __str__(self) -> str:
        return str(self.message)


def error_text(exc: DomainError) -> str:
    """The message and, for a 422 with field errors, each field's message: "… dulu. KTP-el: belum
    diverifikasi; KK: belum diverifikasi." (each part loses its own full stop, the list ends
    with one)."""
    text = str(exc.message)
    if exc.status_code == 422 and exc.fields:
        parts = [str(v[0]) if isinstance(v, list | tuple) and v else str(v) for v in exc.fields.values()]
        text += " " + "; ".join(p.strip().rstrip(".;") for p in parts) + "."
    return text


def error_message(request: HttpRequest, exc: DomainError) -> None:
    """Show the refusal as an error message on the next page the user sees."""
    messages.error(request, error_text(exc))


def add_form_errors(form, exc: DomainError) -> None:
    """Put the refusal on ``form``: the messages of each field the form has at that field (then
    those of other fields at the top of the form); the message at the top when the error names
    no field of the form (``fields`` may also hold values behind the refusal, not messages)."""
    on_form = {name: errors for name, errors in exc.fields.items()
               if name in form.fields and isinstance(errors, list | tuple)}
    if not on_form:
        form.add_error(None, str(exc.message))
        return
    for name, errors in exc.fields.items():
        if isinstance(errors, list | tuple):
            for error in errors:
                form.add_error(name if name in on_form else None, str(error))


def error_payload(exc: DomainError) -> dict[str, Any]:
    """The API's error envelope for ``exc``."""
    return {"error": {"code": exc.code, "message": str(exc.message), "fields": _plain(exc.fields)}}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


class DomainErrorMiddleware:
    """A ``DomainError`` that left a view uncaught: the API envelope for an API request; for a
    form post from one of our pages, the message on that page again (303 back to it); otherwise
    a page with the message, at the error's status, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if _wants_json(request):
            return JsonResponse(error_payload(exception), status=exception.status_code)
        back = request.headers.get("Referer", "")
        if (request.method == "POST" and back and hasattr(request, "_messages")
                and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure())):
            error_message(request, exception)
            response = HttpResponse(status=303)
            response["Location"] = back
            return response
        return render(request, "core/domain_error.html", {"message": error_text(exception)},
                      status=exception.status_code)
