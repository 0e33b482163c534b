from __future__ import annotations

from typing import cast

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from balai.core.api import ApiError, IPRateThrottle, RequestSerializer, error_response

from .authentication import BearerTokenAuthentication
from .identity import level_of
from .models import ApiToken, IdentityLevel, User
from .services import token_issue, token_revoke, totp_device_for, totp_verify


class TokenRequestSerializer(RequestSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False,
                                     style={"input_type": "password"})  # as typed: not through clean_text
    otp = serializers.CharField(max_length=12, required=False, allow_blank=True,
                                help_text="6-digit TOTP code; mandatory for staff roles.")


def _user(request: Request) -> User:
    # IsAuthenticated (the default permission class, explicit on token_delete) lets no anonymous request in
    return cast(User, request.user)


class TokenThrottle(IPRateThrottle):
    scope = "auth_token"


@extend_schema(
    request=TokenRequestSerializer,
    responses={201: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
               400: error_response("Invalid body"),
               401: error_response("Wrong credentials or OTP (codes: invalid_credentials, otp_required, otp_invalid)"),
               403: error_response("Account locked after repeated failures (code: locked)"),
               429: error_response("Too many requests")},
    tags=["auth"], auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([TokenThrottle])
def token_create(request: Request) -> Response:
    body = TokenRequestSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    user = authenticate(request._request, username=body.validated_data["username"],
                        password=body.validated_data["password"])
    if getattr(request._request, "axes_locked_out", False):
        raise ApiError("locked", _("Akun dikunci sementara karena terlalu banyak percobaan gagal."),
                       status_code=status.HTTP_403_FORBIDDEN)
    if user is None:
        raise ApiError("invalid_credentials", _("Nama pengguna atau kata sandi salah."),
                       status_code=status.HTTP_401_UNAUTHORIZED)
    if user.is_staff_role:
        device = totp_device_for(user)
        otp = body.validated_data.get("otp") or ""
        if device is None or not otp:
            raise ApiError("otp_required", _("Kode OTP wajib untuk akun petugas."),
                           status_code=status.HTTP_401_UNAUTHORIZED, fields={"otp": [_("Wajib diisi.")]})
        if not totp_verify(device=device, code=otp):
            raise ApiError("otp_invalid", _("Kode OTP salah atau kedaluwarsa."),
                           status_code=status.HTTP_401_UNAUTHORIZED, fields={"otp": [_("Kode salah.")]})
    return Response({"token": token_issue(user=user, name="api")}, status=status.HTTP_201_CREATED)



@extend_schema(responses={204: OpenApiResponse(description="Token revoked"),
                          401: error_response("Not authenticated with a bearer token")},
               tags=["auth"], request=None)
@api_view(["DELETE"])
@authentication_classes([BearerTokenAuthentication])
@permission_classes([IsAuthenticated])
def token_delete(request: Request) -> Response:
    """Revoke the bearer token used for this request."""
    if not isinstance(request.auth, ApiToken):
        raise ApiError("not_authenticated", _("Gunakan token Bearer."), status_code=status.HTTP_401_UNAUTHORIZED)
    token_revoke(token=request.auth, by=_user(request))
    return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    nik_masked = serializers.CharField(allow_null=True)
    identity_level = serializers.ChoiceField(
        choices=IdentityLevel.choices, allow_null=True,
        help_text="Citizens: claimed, matched or verified (docs/identity.md); a released NIK is claimed. "
                  "Null for staff.")
    nik_released = serializers.BooleanField(help_text="Citizens: a verified owner took this account's NIK over.")
    email_verified = serializers.BooleanField(
        help_text="The owner opened the verification link mailed to the account's current address. Until then a "
                  "citizen cannot start applications (403 email_unverified) or match/verify its identity.")


@extend_schema(responses={200: MeSerializer, 401: error_response("Not authenticated")}, tags=["auth"])
@api_view(["GET"])
def me(request: Request) -> Response:
    user = _user(request)
    citizen = getattr(user, "citizen", None)
    return Response(MeSerializer({"username": user.username, "full_name": user.full_name, "role": user.role,
                                  "nik_masked": citizen.nik_masked if citizen else None,
                                  "identity_level": level_of(user),
                                  "nik_released": bool(citizen and citizen.nik_released_at),
                                  "email_verified": user.email_verified_at is not None}).data)
