"""HTML: the page the verification link opens (confirm with one button) and the resend button
of the banner shown to citizens whose e-mail address is not verified yet."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from balai.core.typing import AuthedHttpRequest

from . import email_verification, limits
from .decorators import citizen_required
from .email_verification import Outcome


@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link will do (a mail scanner that follows links verifies nothing);
    the button POSTs and verifies. A used, expired, outdated or tampered link gets its own words."""
    check = (email_verification.verify(token) if request.method == "POST"
             else email_verification.check_token(token))
    done = request.method == "POST" and check.outcome == Outcome.VERIFIED
    if done and check.user is not None and request.user.pk == check.user.pk:
        # the signed-in account was loaded before the click: this page must not show the banner any more
        request.user.email_verified_at = check.user.email_verified_at
    status = 200 if check.outcome in (Outcome.VERIFIED, Outcome.USED) else 400
    can_resend = (request.user.is_authenticated and email_verification.needs_verification(request.user))
    return render(request, "accounts/email_verify.html", {
        "outcome": check.outcome.value, "done": done, "token": token, "can_resend": can_resend,
        "days": email_verification.max_age_seconds() // 86400}, status=status)


@citizen_required
@require_POST
@limits.email_verify_resend
def resend_view(request: AuthedHttpRequest) -> HttpResponse:
    if email_verification.resend(user=request.user):
        messages.success(request, _("Tautan verifikasi baru sudah dikirim ke %(email)s. Tautan berlaku %(days)d "
                                    "hari.") % {"email": request.user.email,
                                                "days": email_verification.max_age_seconds() // 86400})
    else:
        messages.info(request, _("Alamat e-mail Anda sudah terverifikasi."))
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(nxt)
    return redirect("accounts:profile")
