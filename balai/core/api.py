"""API conventions shared by every app: the error envelope and its OpenAPI description.

Every error is ``{"error": {"code": "...", "message": "...", "fields": {...}}}`` with a stable
code (ARCHITECTURE.md, API conventions).
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.utils import html
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from balai.core import throttling
from balai.core.errors import DomainError, error_payload
from balai.core.text import clean_json, clean_text


class ApiError(DomainError, exceptions.APIException):
    """The ``DomainError`` under its older name (also a DRF ``APIException``, so ``detail`` and
    ``error_code`` still work): raise either; the exception handler below maps both."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    default_code = "bad_request"
    default_detail = _("Permintaan tidak valid.")

    def __init__(self, code: str, message: Any, *, status_code: int | None = None,
                 fields: dict[str, Any] | None = None):
        DomainError.__init__(self, code, message, fields=fields, status_code=status_code)
        exceptions.APIException.__init__(self, detail=message, code=code)
        self.error_code = code

    def __str__(self) -> str:
        return str(self.detail)


class TextField(serializers.CharField):
    """A request text field; ``multiline=True`` allows line breaks (a note, a reason typed in a
    textarea). Every CharField of a RequestSerializer goes through ``balai.core.text.clean_text``
    anyway; this field only says whether newlines are allowed."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("style", {"base_template": "textarea.html"})
        super().__init__(**kwargs)


def invalid_text(field: str) -> Callable[[str, str], ApiError]:
    """The error for ``balai.core.text.text_or_raise`` in a service that raises ApiError: a 400
    ``invalid`` naming ``field`` (a view shows the message; the API has it under ``fields``)."""
    return lambda code, message: ApiError("invalid", message, fields={field: [message]})


def _drf_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({key: [str(m) for m in DjangoValidationError(errs).messages]
                                           for key, errs in exc.error_dict.items()})
    return exceptions.ValidationError([str(m) for m in exc.messages],
                                      code=exc.error_list[0].code if exc.error_list else None)


def is_raw_api_field(field: serializers.Field) -> bool:
    """Passwords (``style={"input_type": "password"}``) and fields marked ``raw_text = True`` are
    left as typed: a password is hashed, and normalising it would change it."""
    return getattr(field, "raw_text", False) or field.style.get("input_type") == "password"


def api_field_is_multiline(field: serializers.Field) -> bool:
    return bool(getattr(field, "multiline", False)) or field.style.get("base_template") == "textarea.html"


def _checked_char(self: serializers.CharField, data: Any) -> Any:
    value = type(self).to_internal_value(self, data)
    if isinstance(value, str) and value:
        try:
            return clean_text(value, max_length=self.max_length, multiline=api_field_is_multiline(self))
        except DjangoValidationError as exc:
            raise _drf_error(exc) from None
    return value


def _checked_json(self: serializers.Field, data: Any) -> Any:
    value = type(self).to_internal_value(self, data)
    try:
        return clean_json(value)
    except DjangoValidationError as exc:
        raise _drf_error(exc) from None


def check_api_field(field: serializers.Field) -> serializers.Field:
    """Bind the text check to a request field: a CharField's value through ``clean_text`` (its own
    ``max_length``, multi-line per ``api_field_is_multiline``), a JSON/dict/list field's every
    string (keys included) through ``clean_json``, nested serializers field by field."""
    if field.read_only or "to_internal_value" in field.__dict__:
        return field
    if isinstance(field, serializers.ListSerializer):
        if field.child is not None:  # DRF asserts a child; its stub allows None
            check_api_field(field.child)
    elif isinstance(field, serializers.Serializer):
        for child in field.fields.values():
            check_api_field(child)
    elif isinstance(field, serializers.CharField):
        if not is_raw_api_field(field):
            field.to_internal_value = types.MethodType(_checked_char, field)  # type: ignore[method-assign]
    elif isinstance(field, serializers.JSONField | serializers.DictField | serializers.ListField
                    | serializers.HStoreField):
        inner = field.child if isinstance(field, serializers.DictField | serializers.ListField) else None
        if inner is not None:  # a JSONField has no child
            check_api_field(inner)
        field.to_internal_value = types.MethodType(_checked_json, field)  # type: ignore[method-assign]
    return field


def is_checked_api_field(field: serializers.Field) -> bool:
    method = field.__dict__.get("to_internal_value")
    return getattr(method, "__func__", None) in (_checked_char, _checked_json)


class RequestSerializer(serializers.Serializer):
    """Base of request bodies.

    - A JSON number or boolean sent for a text field is refused (DRF's CharField would quietly
      turn ``0`` into ``"0"``), so the API accepts what its schema says. Form and multipart values
      are text anyway.
    - Every text field goes through ``balai.core.text.clean_text`` (NFC; no surrogates, control
      characters or noncharacters; newlines only in a ``TextField(multiline=True)``; its
      ``max_length``) and every string inside a JSON/dict/list field through ``clean_json``: the
      error is at the field (``{"data": {"anak.0.nama": [...]}}``), nothing is stored.
    """

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            check_api_field(field)
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not html.is_html_input(data):
            errors = {name: [str(field.error_messages["invalid"])] for name, field in self.fields.items()
                      if isinstance(field, serializers.CharField) and not field.read_only
                      and data.get(name) is not None and not isinstance(data[name], str)}
            if errors:
                raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A boolean that must be one: ``true``/``false`` in JSON, ``"true"``/``"false"`` in a form.
    DRF also takes ``1``, ``"no"``, ``"on"``… and reads a boolean missing from a form as ``False``
    (an unticked checkbox), which would turn an omission or a typo into a decision."""

    default_empty_html = empty

    def to_internal_value(self, data):
        if html.is_html_input(getattr(self.root, "initial_data", None)):
            if data in ("true", "false"):
                return data == "true"
        elif isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


_DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


# Per-client-address rate for public endpoints (shared by every worker, atomic): see balai.core.throttling.
IPRateThrottle = throttling.IPRateThrottle


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler for every API view: every error in the one envelope. A
    ``DomainError`` (any app's subclass) answers with its own code, message, fields and status."""
    if isinstance(exc, DomainError) and not isinstance(exc, exceptions.APIException):
        set_rollback()  # as DRF does for its own exceptions: nothing half-written
        return Response(error_payload(exc), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields: dict[str, Any] = {}
    if isinstance(exc, ApiError):
        code, message, fields = exc.error_code, str(exc.detail), exc.fields
    elif isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = str(_("Data yang dikirim tidak valid."))
        detail = _flatten(exc.detail)
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    else:
        code = _DEFAULT_CODES.get(response.status_code, "error")
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        message = str(detail) if not isinstance(detail, dict | list) else str(_flatten(detail))
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait:  # DRF's text is half English in Indonesian
            message = str(_("Terlalu banyak permintaan dari jaringan Anda. Coba lagi dalam %(wait)s.")) % {
                "wait": throttling.wait_text(math.ceil(wait))}
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response


ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(child=serializers.JSONField()),
            },
        )
    },
)


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {}}},
        "required": ["code", "message", "fields"]}},
    "required": ["error"],
}
_STANDARD_ERRORS = {
    "400": "Invalid request (field-level messages in `error.fields`)",
    "401": "Not authenticated (session or `Authorization: Bearer <token>`)",
    "403": "Authenticated but not allowed, or locked out",
    "404": "Not found, or outside the caller's scope (never 403 for another account's object)",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "415": "Unsupported media type",
    "429": "Rate limited",
}


def add_standard_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: every operation documents the error responses that
    the exception handler above can give for any endpoint, in the one error format. Responses an
    operation documents itself (409, 413, 422 …) are kept as they are."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", _ERROR_SCHEMA)
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in _STANDARD_ERRORS.items():
                responses.setdefault(code, {"description": description,
                                            "content": {"application/json": {"schema": ref}}})
    return result
