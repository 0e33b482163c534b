"""Getting back in after a lockout (balai.accounts.lockout).

- Staff with a TOTP device lift a lock on their own account with username + password + a current
  code (``/masuk/buka-kunci/``, linked from the locked page): both factors prove more than the lock
  guards against, and they are signed in at once. Audited, success and failure.
- Citizens use the password reset; completing it ends the locks on the account.

The unlock form answers every failure the same way (unknown name, wrong password, not staff, no
device, wrong code), so it reveals nothing that a locked login would not; it has its own
per-address limit (``unlock``) and django-otp throttles the device after a wrong code.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from balai.core import audit
from balai.core import forms as core_forms

from . import limits, lockout
from .services import totp_device_for, totp_verify

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class UnlockForm(core_forms.Form):
    username = forms.CharField(label=gettext_lazy("Nama pengguna"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=gettext_lazy("Kata sandi"), strip=False, max_length=256,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(label=gettext_lazy("Kode OTP (6 digit)"), max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "pattern": "[0-9 ]*"}))


def _check(username: str, password: str, code: str):
    """(user, device) when all three are right; (user or None, None) otherwise."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=username, is_active=True).first()
    if user is None:
        user_model().set_password(password)  # the same hashing time as a real check: no hint the name exists
        return None, None
    if not user.check_password(password) or not user.is_staff_role:
        return user, None
    device = totp_device_for(user)
    if device is None or not totp_verify(device=device, code=code):
        return user, None
    return user, device


@sensitive_post_parameters("password", "code")
@never_cache
@require_http_methods(["GET", "POST"])
@limits.unlock
def unlock_view(request: HttpRequest) -> HttpResponse:
    form = UnlockForm(request.POST or None, initial={"username": request.GET.get("username", "")[:150]})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        lock = lockout.lock_state(request, {"username": c["username"]})
        user, device = _check(c["username"], c["password"], c["code"])
        if device is not None:
            with transaction.atomic():
                audit.record(action="account.unlock", actor=user, object_type="user", object_id=user.pk,
                             data={"method": "totp", "lock": lock.kind if lock else "none"})
                login(request, user, backend=MODEL_BACKEND)  # axes: this client's failures reset, account lock ends
                otp_login(request, device)
                audit.record(action="account.login", actor=user, object_type="user", object_id=user.pk,
                             data={"second_factor": "totp", "via": "unlock"})
            messages.success(request, _("Kunci akun Anda sudah dibuka dan Anda sudah masuk."))
            return redirect("web:staff_home")
        if user is not None:
            audit.record(action="account.unlock_failed", object_type="user", object_id=user.pk,
                         data={"lock": lock.kind if lock else "none"})
        form.add_error(None, _("Nama pengguna, kata sandi, atau kode OTP tidak cocok, atau akun ini bukan akun "
                               "petugas. Warga: gunakan “Lupa kata sandi”."))
    return render(request, "accounts/locked.html", {"form": form, "locked": False})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation; a completed reset also ends the account's lockouts (the
    route a locked-out citizen is sent to)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.account_cleared(user=form.user, reason="password_reset")
        return response
