"""Payments REST API: inquiry, start a payment, post a channel payment, cancel, gateway webhooks."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from balai.accounts.models import Role, User
from balai.core.api import ApiError, IPRateThrottle, RequestSerializer, error_response

from .gateways import GatewayError, registry
from .idempotency import idempotent
from .selectors import bill_description_for, bill_for_code, bill_inquiry
from .services import attempt_start, bill_cancel, payment_post
from .states import PaymentStatus
from .webhooks import webhook_receive

IDEMPOTENCY_HEADER = OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True,
                                      description="Unique per intended operation; kept 24 h. The same key with "
                                                  "the same body returns the stored response.")
IDEMPOTENCY_ERRORS = {
    409: error_response("idempotency_key_in_progress, bill_not_open, reference_conflict"),
    422: error_response("idempotency_key_reused (same key, different body), amount_mismatch"),
}
# Agents collect cash only through the partners app (cash limit, ledger, collection record); a
# direct posting here would bypass all three, so agents are not a channel role.
CHANNEL_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
CANCEL_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})

_line = inline_serializer("BillLine", many=True, fields={"tax_head": serializers.CharField(), "label": serializers.CharField(),
                                       "amount": serializers.IntegerField(), "beneficiary": serializers.CharField()})
BillSerializer = inline_serializer("BillInquiry", {
    "payment_code": serializers.CharField(), "status": serializers.CharField(), "kind": serializers.CharField(),
    "description": serializers.CharField(), "period": serializers.CharField(),
    "payer_name": serializers.CharField(help_text="masked"), "total": serializers.IntegerField(),
    "currency": serializers.CharField(), "issued_at": serializers.DateTimeField(),
    "expires_at": serializers.DateTimeField(), "lines": _line})
PostingSerializer = inline_serializer("PostingResult", {
    "result": serializers.CharField(), "reason": serializers.CharField(), "payment_code": serializers.CharField(),
    "bill_status": serializers.CharField(), "channel": serializers.CharField(), "reference": serializers.CharField(),
    "amount": serializers.IntegerField(), "receipt_number": serializers.CharField(allow_null=True)})


def _bill_or_404(payment_code: str):
    bill = bill_for_code(payment_code)
    if bill is None:
        raise ApiError("unknown_bill", _("Kode bayar tidak ditemukan."), status_code=status.HTTP_404_NOT_FOUND)
    return bill


def _user(request: Request) -> User:
    # IsAuthenticated (the default permission class) lets no anonymous request in
    return cast(User, request.user)


def _require_role(request: Request, roles: frozenset[str]) -> None:
    if _user(request).role not in roles:
        raise ApiError("permission_denied", _("Peran Anda tidak boleh melakukan ini."),
                       status_code=status.HTTP_403_FORBIDDEN)


class InquiryThrottle(IPRateThrottle):
    scope = "public"


@extend_schema(responses={200: BillSerializer, 404: error_response("unknown_bill"), 429: error_response("throttled")},
               tags=["payments"], auth=[])
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([InquiryThrottle])
def bill_detail(request: Request, payment_code: str) -> Response:
    """Inquiry by kode bayar (for banks, agents and the public page): amount, lines, masked payer
    (and a masked plate in the description, unless the caller is the payer or staff of the bill)."""
    bill = _bill_or_404(payment_code)
    return Response({**bill_inquiry(bill), "description": bill_description_for(request.user, bill)})



class StartRequest(RequestSerializer):
    gateway = serializers.CharField(max_length=40)
    method = serializers.ChoiceField(choices=["va", "qris", "redirect"])
    return_url = serializers.URLField(required=False, allow_blank=True)


StartResponse = inline_serializer("PaymentInstructions", {
    "attempt": serializers.IntegerField(), "gateway": serializers.CharField(), "kind": serializers.CharField(),
    "gateway_ref": serializers.CharField(), "va_number": serializers.CharField(required=False),
    "qris_payload": serializers.CharField(required=False), "redirect_url": serializers.CharField(required=False),
    "pay_url": serializers.CharField(required=False), "expires_at": serializers.CharField(required=False)})


@extend_schema(request=StartRequest, parameters=[IDEMPOTENCY_HEADER], tags=["payments"],
               responses={201: StartResponse, 400: error_response("invalid, idempotency_key_required"),
                          404: error_response("unknown_bill / unknown_gateway"),
                          502: error_response("gateway_unavailable"), **IDEMPOTENCY_ERRORS})
@api_view(["POST"])
@idempotent("payments.start")
def payment_start(request: Request, payment_code: str) -> Response:
    """Start paying a bill at a gateway; returns a VA number, a QRIS payload or a redirect."""
    body = StartRequest(data=request.data)
    body.is_valid(raise_exception=True)
    bill = _bill_or_404(payment_code)
    gateway = registry.get(body.validated_data["gateway"])
    if gateway is None:
        raise ApiError("unknown_gateway", _("Gateway tidak dikenal."), status_code=status.HTTP_404_NOT_FOUND)
    try:
        attempt = attempt_start(bill=bill, gateway=gateway, method=body.validated_data["method"],
                                return_url=body.validated_data.get("return_url", ""), by=request.user)
    except GatewayError as exc:
        raise ApiError("gateway_unavailable", _("Gateway pembayaran tidak dapat dihubungi."),
                       status_code=status.HTTP_502_BAD_GATEWAY) from exc
    return Response({"attempt": attempt.pk, "gateway": gateway.name, **attempt.instructions},
                    status=status.HTTP_201_CREATED)


class PostRequest(RequestSerializer):
    payment_code = serializers.CharField(max_length=20)
    channel = serializers.CharField(max_length=40, required=False)
    reference = serializers.CharField(max_length=100)
    amount = serializers.IntegerField(min_value=0)
    paid_at = serializers.DateTimeField(required=False)

    def validate_amount(self, value):
        if not isinstance(self.initial_data.get("amount"), int):
            raise serializers.ValidationError(_("Jumlah harus bilangan bulat rupiah (bukan teks atau desimal)."))
        return value


@extend_schema(request=PostRequest, parameters=[IDEMPOTENCY_HEADER], tags=["payments"],
               responses={201: PostingSerializer, 200: PostingSerializer,
                          400: error_response("invalid, idempotency_key_required"),
                          403: error_response("permission_denied"), 404: error_response("unknown_bill"),
                          **IDEMPOTENCY_ERRORS})
@api_view(["POST"])
@idempotent("payments.post")
def payment_create(request: Request) -> Response:
    """Post money collected by a channel (agents' cash: channel ``agent_cash``). The amount must be
    the bill's total; otherwise the payment is recorded as rejected, flagged, and 422 is returned."""
    _require_role(request, CHANNEL_ROLES)
    body = PostRequest(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    channel = "agent_cash" if _user(request).role == Role.AGENT else data.get("channel") or "agent_cash"
    _bill_or_404(data["payment_code"])
    result = payment_post(payment_code=data["payment_code"], channel=channel, external_ref=data["reference"],
                          amount=data["amount"], paid_at=data.get("paid_at"), by=request.user, source="api")
    payload = result.as_dict()
    if result.outcome == PaymentStatus.REJECTED:
        raise ApiError("amount_mismatch", _("Jumlah tidak sama dengan total tagihan; pembayaran ditolak."),
                       status_code=status.HTTP_422_UNPROCESSABLE_ENTITY, fields={"amount": [str(result.bill.total)]})
    if result.outcome == PaymentStatus.REFUND_REQUIRED:
        raise ApiError("bill_not_open", _("Tagihan tidak dapat dibayar; dana dicatat untuk dikembalikan."),
                       status_code=status.HTTP_409_CONFLICT, fields={"reason": [result.payment.reason]})
    return Response(payload, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class CancelRequest(RequestSerializer):
    reason = serializers.CharField(max_length=300)


@extend_schema(request=CancelRequest, parameters=[IDEMPOTENCY_HEADER], tags=["payments"],
               responses={200: BillSerializer, 403: error_response("permission_denied"),
                          404: error_response("unknown_bill"), **IDEMPOTENCY_ERRORS})
@api_view(["POST"])
@idempotent("payments.cancel")
def bill_cancel_api(request: Request, payment_code: str) -> Response:
    _require_role(request, CANCEL_ROLES)
    body = CancelRequest(data=request.data)
    body.is_valid(raise_exception=True)
    bill = bill_cancel(bill=_bill_or_404(payment_code), by=request.user, reason=body.validated_data["reason"])
    return Response(bill_inquiry(bill))


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, gateway: str) -> JsonResponse:
    """``POST /api/payments/webhooks/<gateway>/`` — signed notifications from a payment gateway.
    Not a DRF view: the signature covers the raw bytes, which must be read untouched."""
    plugin = registry.get(gateway)
    if plugin is None:
        return JsonResponse({"error": {"code": "unknown_gateway", "message": "unknown gateway", "fields": {}}},
                            status=404)
    status_code, payload = webhook_receive(gateway=plugin, headers=request.headers, body=request.body)
    return JsonResponse(payload, status=status_code)
