from __future__ import annotations

import base64
import json

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from balai.core import audit, shell
from balai.core.typing import AuthedHttpRequest

from . import limits
from .decorators import citizen_required
from .forms import LoginForm, OtpForm, ProfileForm, SignupForm
from .lockout import locked_response as locked_out
from .services import (
    Address,
    citizen_register,
    citizen_update_profile,
    totp_device_for,
    totp_enrol,
    totp_verify,
)

PENDING_KEY = "balai_otp_pending"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return fallback


def _landing(user) -> str:
    """Each role's own desk, as the apps registered it (balai.core.shell)."""
    return shell.landing_url(user)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
@limits.login
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"],
                            password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None:
            form.add_error(None, _("Nama pengguna atau kata sandi salah."))
        elif user.is_staff_role:
            # Staff: the password only opens the second step; no session until TOTP passes.
            request.session.cycle_key()
            request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend,
                                            "next": _safe_next(request, _landing(user))}
            if totp_device_for(user) is None:
                return redirect("accounts:totp_enrol")
            return redirect("accounts:otp")
        else:
            login(request, user)
            audit.record(action="account.login", actor=user, object_type="user", object_id=user.pk)
            return redirect(_safe_next(request, _landing(user)))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _finish_staff_login(request: HttpRequest, user, pending: dict, device) -> HttpResponse:
    login(request, user, backend=pending["backend"])
    otp_login(request, device)
    request.session.pop(PENDING_KEY, None)
    audit.record(action="account.login", actor=user, object_type="user", object_id=user.pk,
                 data={"second_factor": "totp"})
    return redirect(pending.get("next") or _landing(user))


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def otp_view(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    device = totp_device_for(user)
    if device is None:
        return redirect("accounts:totp_enrol")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(device=device, code=form.cleaned_data["code"]):
            return _finish_staff_login(request, user, pending, device)
        audit.record(action="account.otp_failed", actor=user, object_type="user", object_id=user.pk)
        form.add_error("code", _("Kode OTP salah atau kedaluwarsa. Coba kode terbaru dari aplikasi Anda."))
    return render(request, "accounts/otp.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def totp_enrol_view(request: HttpRequest) -> HttpResponse:
    """First staff login: show the secret as a QR code and confirm it with one code."""
    user, pending = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if totp_device_for(user) is not None:
        return redirect("accounts:otp")
    device = totp_device_for(user, confirmed=False) or totp_enrol(user=user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(device=device, code=form.cleaned_data["code"]):
            return _finish_staff_login(request, user, pending, device)
        form.add_error("code", _("Kode tidak cocok. Pastikan jam ponsel Anda tepat lalu coba lagi."))
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return render(request, "accounts/totp_enrol.html", {"form": form, "secret": secret, "qr": qr})


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
@limits.signup
def signup_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and "_cascade" in request.POST:
        form._errors = ErrorDict()  # type: ignore[attr-defined]  # only re-filling the region selects (no-JS path): no errors yet
    elif request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            user = citizen_register(username=c["username"], password=c["password1"], full_name=c["full_name"],
                                    nik=c["nik"], email=c["email"], phone=c["phone"], address=form.address())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Akun Anda sudah dibuat. Selamat datang di Balai."))
            messages.info(request, _("Periksa e-mail Anda: buka tautan yang kami kirim ke %(email)s untuk "
                                     "memverifikasi alamat e-mail.") % {"email": user.email})
            return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(action="account.logout", actor=request.user, object_type="user", object_id=request.user.pk)
    logout(request)
    messages.info(request, _("Anda sudah keluar."))
    return redirect("web:home")


@citizen_required
@require_http_methods(["GET", "POST"])
def profile_view(request: AuthedHttpRequest) -> HttpResponse:
    profile = request.user.citizen
    initial = {"email": request.user.email, "phone": request.user.phone, "street": profile.street,
               "rt": profile.rt, "rw": profile.rw}
    form = ProfileForm(request.POST or None, initial=initial, profile=profile)
    if request.method == "POST" and "_cascade" in request.POST:
        form._errors = ErrorDict()  # type: ignore[attr-defined]
    elif request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        email_changed = citizen_update_profile(user=request.user, email=c["email"], phone=c["phone"],  # type: ignore[arg-type]
                                               address=Address(c["village"], c["street"], c["rt"], c["rw"]))
        messages.success(request, _("Profil Anda sudah diperbarui."))
        if email_changed:
            messages.info(request, _("Kami mengirim tautan verifikasi ke alamat e-mail baru Anda. Sampai tautan itu "
                                     "dibuka, Anda belum bisa memulai permohonan atau memverifikasi identitas."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": profile})


@citizen_required
@require_http_methods(["GET", "POST"])
def my_data_view(request: HttpRequest) -> HttpResponse:
    """UU PDP right of access: everything Balai holds about the signed-in citizen, as JSON."""
    if request.method == "POST":
        from balai.core.personal_data import export_for
        from balai.core.text import replace_surrogates

        # a row stored before balai.core.text may hold a lone surrogate: U+FFFD, not a 500
        payload = replace_surrogates(json.dumps(export_for(request.user), ensure_ascii=False, indent=2, default=str))
        response = HttpResponse(payload, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="data-saya-balai.json"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/my_data.html")
