"""API: the caller's own bearer tokens (list, revoke one). Lifetimes: balai.accounts.tokens."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from balai.core.api import ApiError, RequestSerializer, error_response

from .models import ApiToken, User
from .services import token_revoke
from .tokens import TokenStatus, access_own_token, token_rows, tokens_of


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    prefix = serializers.CharField(help_text="The first characters of the token (the token itself is never shown again).")
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True, help_text="Recorded at most once a minute.")
    expires_at = serializers.DateTimeField(help_text="When the token stops working unless revoked first.")
    revoked_at = serializers.DateTimeField(allow_null=True)
    status = serializers.ChoiceField(choices=[TokenStatus.ACTIVE, TokenStatus.EXPIRED, TokenStatus.REVOKED])
    current = serializers.BooleanField(help_text="The token this request was made with.")


TokenPage = inline_serializer("PaginatedTokenList", {
    "count": serializers.IntegerField(), "next": serializers.URLField(allow_null=True),
    "previous": serializers.URLField(allow_null=True), "results": TokenSerializer(many=True)})
PAGE_PARAMS = [OpenApiParameter("limit", int, description="Page size (default 50)"),
               OpenApiParameter("offset", int, description="Start of the page")]


class PageQuery(RequestSerializer):
    limit = serializers.IntegerField(min_value=1, max_value=500, required=False)
    offset = serializers.IntegerField(min_value=0, required=False)


def _page_query(request: Request) -> None:
    """The documented paging parameters, checked (DRF's paginator would quietly ignore a bad one)."""
    repeated = {name: [_("Berikan sekali saja.")] for name in ("limit", "offset")
                if len(request.query_params.getlist(name)) > 1}
    if repeated:
        raise ApiError("invalid", _("Data yang dikirim tidak valid."), fields=repeated)
    PageQuery(data=request.query_params.dict()).is_valid(raise_exception=True)


def _user(request: Request) -> User:
    # IsAuthenticated (the default permission class) lets no anonymous request in
    return cast(User, request.user)


def _current(request: Request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


@extend_schema(operation_id="auth_tokens_list", parameters=PAGE_PARAMS,
               responses={200: TokenPage, 400: error_response("invalid (limit, offset)"),
                          401: error_response("not_authenticated, invalid_token, token_expired")},
               tags=["auth"])
@api_view(["GET"])
def tokens_list(request: Request) -> Response:
    """Your own API tokens, newest first: prefix, name, issued, last used, expiry and status."""
    user = _user(request)
    _page_query(request)
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(tokens_of(user), request)
    rows = token_rows(user, page or [], current=_current(request))
    return paginator.get_paginated_response(TokenSerializer(rows, many=True).data)


@extend_schema(request=None, responses={200: TokenSerializer, 404: error_response("not_found"),
                                        401: error_response("not_authenticated, invalid_token, token_expired")},
               tags=["auth"])
@api_view(["POST"])
def token_revoke_own(request: Request, token_id: int) -> Response:
    """Revoke one of your tokens (a lost phone, a device handed back). Revoking it again changes nothing."""
    user = _user(request)
    token = access_own_token(user, token_id)
    if token is None:
        raise ApiError("not_found", _("Token tidak ditemukan."), status_code=status.HTTP_404_NOT_FOUND)
    token_revoke(token=token, by=user)
    token.refresh_from_db()
    return Response(TokenSerializer(token_rows(user, [token], current=_current(request))[0]).data)
