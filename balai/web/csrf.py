"""The page shown when Django's CSRF check refuses a form (``settings.CSRF_FAILURE_VIEW``).

Django's stock page is in English and tells people to turn DEBUG on. Most refusals here are
harmless: a form left open past a log-out or a log-in in another tab (both rotate the token), or a
browser that dropped cookies. So the page says what happened and what to do, in the visitor's
language (LocaleMiddleware has run by the time the check fails)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _


def csrf_failure(request: HttpRequest, reason: str = "", template_name: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "csrf_failed", "fields": {}, "message": _(
            "Token CSRF tidak ada atau tidak cocok. Muat ulang halaman, lalu kirim lagi.")}}, status=403)
    # Where the form was: reloading it with GET gives a fresh token (a page on this site only).
    page = request.path
    login = reverse("accounts:login") + "?" + urlencode({"next": page})
    return render(request, "web/csrf_failure.html", {"reload_url": page, "login_url": login,
                                                     "no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403)
