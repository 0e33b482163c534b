from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from balai.accounts.decorators import staff_required
from balai.core import shell
from balai.core.typing import AuthedHttpRequest


def home(request: HttpRequest) -> HttpResponse:
    """The home page: the service cards the apps registered (balai.core.shell), each a link."""
    return render(request, "web/home.html")


# The staff desk proper; other staff roles (agents) have their own desk, registered as their landing.
DESK_ROLES = frozenset({shell.OFFICER, shell.SUPERVISOR, shell.ADMIN})


@staff_required()
def staff_home(request: AuthedHttpRequest) -> HttpResponse:
    """The staff desk: who and where, and the tools registered for the role."""
    if request.user.role not in DESK_ROLES:
        landing = shell.landing_url(request.user)
        if landing != request.path:
            return redirect(landing)
    staff = getattr(request.user, "staff", None)
    jurisdiction = list(staff.jurisdiction.order_by("code")) if staff else []
    return render(request, "web/staff_home.html", {"staff": staff, "jurisdiction": jurisdiction})


def _api_error(request: HttpRequest, status: int, code: str, message: str | Promise) -> HttpResponse | None:
    """Errors raised outside DRF (no matching URL, CSRF, a crash) keep the API's JSON format."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)
    return None


_TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    """Bad requests caught by Django before any view (a body beyond DATA_UPLOAD_MAX_MEMORY_SIZE,
    too many fields or files): 413 for the size limits, 400 otherwise; JSON under /api/."""
    if isinstance(exception, _TOO_LARGE):
        return (_api_error(request, 413, "payload_too_large", _("Data yang dikirim terlalu besar."))
                or render(request, "400.html", {"too_large": True}, status=413))
    return (_api_error(request, 400, "bad_request", _("Permintaan tidak valid."))
            or render(request, "400.html", status=400))


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return (_api_error(request, 403, "permission_denied", _("Akses ditolak."))
            or render(request, "403.html", status=403))


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return (_api_error(request, 404, "not_found", _("Tidak ditemukan."))
            or render(request, "404.html", status=404))


def error_500(request: HttpRequest) -> HttpResponse:
    return (_api_error(request, 500, "server_error", _("Terjadi kesalahan pada server."))
            or render(request, "500.html", status=500))
