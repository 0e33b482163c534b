"""The page where citizens and staff see their API tokens and revoke them (/akun/token/)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from balai.core.typing import AuthedHttpRequest

from .services import token_revoke
from .tokens import access_own_token, token_rows, tokens_of

SHOWN = 100  # the newest tokens; older ones are long expired or revoked


def account_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Any signed-in account; a staff session must have passed TOTP (as ``staff_required``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff_role and not user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
            logout(request)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@require_GET
@account_required
def tokens_page(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/tokens.html", {
        "rows": token_rows(user, tokens_of(user)[:SHOWN]),
        "idle_minutes": settings.API_TOKEN_STAFF_IDLE_SECONDS // 60,
        "max_hours": settings.API_TOKEN_STAFF_MAX_AGE_SECONDS // 3600,
        "max_days": settings.API_TOKEN_CITIZEN_MAX_AGE_SECONDS // 86400})


@require_POST
@account_required
def token_revoke_view(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    token = access_own_token(request.user, token_id)
    if token is None:
        raise Http404
    token_revoke(token=token, by=request.user)
    messages.success(request, _("Token %(prefix)s… sudah dicabut; aplikasi yang memakainya harus masuk lagi.")
                     % {"prefix": token.prefix})
    return redirect("accounts:tokens")
