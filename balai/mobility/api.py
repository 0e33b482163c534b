"""REST API: a citizen's licences (list, record with a photo of the card) and the passport
readiness check. Errors use the one envelope (``DomainError`` → JSON with field messages)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from balai.core.api import RequestSerializer, error_response

from . import readiness, selectors, services
from .models import DrivingLicence


class IsCitizen(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and hasattr(request.user, "citizen"))


class LicenceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="licence.public_id")
    licence_class = serializers.CharField(source="licence.licence_class.code")
    class_name = serializers.CharField(source="licence.licence_class.name")
    number = serializers.CharField(source="licence.number")
    issued_on = serializers.DateField(source="licence.issued_on")
    expires_on = serializers.DateField()
    renewal_opens_on = serializers.DateField(source="window_opens")
    phase = serializers.CharField()
    route = serializers.CharField()
    review_status = serializers.CharField(source="licence.status")
    ready = serializers.BooleanField()


class LicenceRequest(RequestSerializer):
    licence_class = serializers.CharField(max_length=12)
    number = serializers.CharField(max_length=24)
    issued_on = serializers.DateField()
    photo = serializers.FileField()


def _licence_rows(user, licences: list[DrivingLicence]) -> list:
    today = timezone.localdate()
    return [readiness.sim_readiness(user, licence, today=today) for licence in licences]


@extend_schema(methods=["GET"], operation_id="mobility_licences_list", tags=["mobility"], request=None,
               responses={200: LicenceSerializer(many=True), 403: error_response("permission_denied (not a citizen)")})
@extend_schema(methods=["POST"], operation_id="mobility_licences_create", tags=["mobility"],
               request={"multipart/form-data": LicenceRequest},
               responses={201: LicenceSerializer,
                          400: error_response("invalid (fields name the part: text with control characters, "
                                              "a missing photo, a date that is not one)"),
                          403: error_response("permission_denied (not a citizen)"),
                          409: error_response("duplicate_licence"),
                          415: error_response("unsupported_file"),
                          422: error_response("issue_date_in_future, unknown_class, invalid_sim_number")})
@api_view(["GET", "POST"])
@permission_classes([IsCitizen])
@parser_classes([MultiPartParser, FormParser])
def licences(request: Request) -> Response:
    """GET: the caller's licences with expiry, renewal window and route. POST (multipart): record a
    licence with a photo of the card; it waits for an officer's check."""
    if request.method == "GET":
        rows = _licence_rows(request.user, list(selectors.licences_of(request.user)))
        return Response(LicenceSerializer(rows, many=True).data)
    body = LicenceRequest(data=request.data)
    body.is_valid(raise_exception=True)  # 400 "invalid", the messages under each field
    data = services.LicenceInput(body.validated_data["licence_class"], body.validated_data["number"],
                                 body.validated_data["issued_on"])
    licence = services.licence_add(owner=request.user, data=data, photo=body.validated_data["photo"])
    return Response(LicenceSerializer(_licence_rows(request.user, [licence])[0]).data,
                    status=status.HTTP_201_CREATED)


@extend_schema(operation_id="mobility_passport_readiness", tags=["mobility"], responses={200: inline_serializer(
    "PassportReadiness", {
        "identity_level": serializers.CharField(), "ready": serializers.BooleanField(),
        "documents": serializers.ListField(child=serializers.DictField()),
        "checks": serializers.ListField(child=serializers.DictField())})})
@api_view(["GET"])
@permission_classes([IsCitizen])
def passport_readiness(request: Request) -> Response:
    """Whether the caller's KTP-el, KK and birth/marriage certificate are present and agree on
    name, place and date of birth; each difference names the Adminduk service that fixes it.
    Values masked at the matched identity level; nothing at claimed."""
    check = readiness.passport_readiness(request.user)
    return Response({
        "identity_level": check.level, "ready": check.ready,
        "documents": [{"code": d.code, "present": d.present, "source": d.source, **d.values}
                      for d in check.documents],
        "checks": [{"code": c.code, "ok": c.ok, "title": c.title, "detail": c.detail,
                    "fix_service": c.fix_service, "open_cases": c.pending} for c in check.checks],
    })
