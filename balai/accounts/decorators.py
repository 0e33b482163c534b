from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import STAFF_ROLES


def staff_required(roles: Iterable[str] = STAFF_ROLES) -> Callable:
    """Staff pages: an authenticated user of one of ``roles`` whose session passed TOTP.
    A staff session without a verified second factor is ended, never let through."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in allowed:
                raise PermissionDenied
            if not user.is_verified():  # type: ignore[attr-defined]  # added by OTPMiddleware
                logout(request)
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not hasattr(request.user, "citizen"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
