from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from .api import ApiError, IPRateThrottle, RequestSerializer, error_response
from .nik import NikResult, parse_nik


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class NikParseRequest(RequestSerializer):
    nik = serializers.CharField(max_length=64, allow_blank=True, trim_whitespace=False)


_region = inline_serializer("NikRegion", {"code": serializers.CharField(),
                                          "name": serializers.CharField(allow_null=True)})
NikParseResponse = inline_serializer("NikParseResponse", {
    "valid": serializers.BooleanField(),
    "province": _region, "regency": _region, "district": _region,
    "birth_date": serializers.DateField(),
    "sex": serializers.ChoiceField(choices=["F", "M"]),
    "serial": serializers.CharField(),
    "warnings": inline_serializer("NikIssue", {"code": serializers.CharField(),
                                             "message": serializers.CharField()}, many=True),
})


def _ref(ref) -> dict | None:
    return {"code": ref.dotted, "name": ref.name} if ref else None


def nik_result_payload(result: NikResult) -> dict:
    return {
        "valid": True,
        "province": _ref(result.province),
        "regency": _ref(result.regency),
        "district": _ref(result.district),
        "birth_date": result.birth_date.isoformat() if result.birth_date else None,
        "sex": result.sex,
        "serial": result.serial,
        "warnings": [{"code": w.code, "message": w.message} for w in result.warnings],
    }


class NikThrottle(IPRateThrottle):
    scope = "nik_parse"


@extend_schema(
    request=NikParseRequest,
    responses={200: NikParseResponse,
               400: error_response("Body is not an object with a `nik` string"),
               422: error_response("Not a valid NIK; `fields.nik` lists every code: length, non_digit, "
                                   "unknown_province, unknown_regency, unknown_district, invalid_date, "
                                   "future_date, serial_zero"),
               429: error_response("Rate limited")},
    tags=["identity"], auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([NikThrottle])
def nik_parse(request: Request) -> Response:
    """Decode a NIK's structure (format check only; not a check against Dukcapil's register)."""
    body = NikParseRequest(data=request.data)
    body.is_valid(raise_exception=True)
    result = parse_nik(body.validated_data["nik"], today=timezone.localdate())
    if not result.valid:
        first = result.errors[0]
        raise ApiError(first.code, first.message, status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
                       fields={"nik": [{"code": e.code, "message": e.message} for e in result.errors]})
    return Response(nik_result_payload(result))

