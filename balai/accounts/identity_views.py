"""HTML: the citizen's identity page (level, what each level allows, matching, activation letter,
IKD) and the staff page for the in-person check of a KTP-el."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.core.errors import add_form_errors, error_message
from balai.core.typing import AuthedHttpRequest

from .decorators import citizen_required, staff_required
from .email_verification import needs_verification
from .identity import ikd_adapter
from .identity_forms import InPersonForm, LetterCodeForm, MatchForm, StaffLookupForm
from .identity_letters import LetterOutcome, letter_redeem, letter_request
from .identity_selectors import identity_status, profile_for_staff, verifications_by
from .identity_services import (
    IdentityError,
    MatchOutcome,
    identity_match,
    identity_verify_ikd,
    identity_verify_in_person,
)
from .models import STAFF_ROLES, IdentityLevel

IKD_SESSION_KEY = "balai_ikd_pending"
# What each level takes and gives (ARCHITECTURE invariant 8), in the order a citizen climbs them.
LEVELS = [
    (IdentityLevel.CLAIMED, gettext_lazy("Mendaftar dengan NIK, e-mail, dan nomor HP."),
     gettext_lazy("Simulasi PKB, membayar tagihan dengan kode bayar, melacak permohonan dengan nomor dan PIN, "
                  "memulai permohonan, dan menautkan kendaraan dengan STNK (nomor polisi, 5 karakter terakhir nomor "
                  "rangka, dan tanggal berlaku STNK). Data kependudukan atas NIK tidak ditampilkan.")),
    (IdentityLevel.MATCHED, gettext_lazy("Nama lengkap, tanggal lahir, dan nomor KK cocok dengan data kependudukan."),
     gettext_lazy("Data kependudukan ditampilkan tersamar; permohonan layanan kependudukan untuk diri sendiri dan "
                  "anggota KK.")),
    (IdentityLevel.VERIFIED, gettext_lazy("Kode dari surat aktivasi yang dikirim ke alamat di data kependudukan, "
                                          "atau petugas melihat KTP-el asli Anda."),
     gettext_lazy("Data kependudukan lengkap (anggota KK, nomor rangka dan mesin kendaraan), kendaraan atas NIK "
                  "Anda tertaut otomatis, dan NIK Anda diambil alih dari akun lain yang belum terverifikasi.")),
]


def _when(value) -> str:
    return formats.date_format(value.astimezone(), "j F Y H:i") if value else ""


def _match_message(request: HttpRequest, form: MatchForm, result) -> bool:
    """Tell the outcome; True when the page should redirect (nothing left to fix in the form)."""
    outcome = result.outcome
    if outcome == MatchOutcome.MISMATCH:
        form.add_error(None, _("Data yang Anda isi tidak cocok dengan data kependudukan. Periksa nama lengkap, tanggal "
                               "lahir, dan nomor KK persis seperti di Kartu Keluarga. Sisa percobaan: %(n)d.")
                       % {"n": result.remaining})
        return False
    if outcome in (MatchOutcome.HELD_BY_MATCHED, MatchOutcome.HELD_BY_VERIFIED):
        return True  # the page's step 1 says it, where the account's state is told on every visit
    text = {
        MatchOutcome.MATCHED: _("Data Anda cocok dengan data kependudukan. Tingkat identitas Anda sekarang: Cocok."),
        MatchOutcome.LOCKED: _("Terlalu banyak percobaan yang gagal. Pencocokan data dikunci sampai %(until)s. "
                               "Verifikasi tatap muka dengan KTP-el tetap bisa.") % {"until": _when(result.locked_until)},
        MatchOutcome.ALREADY: _("Identitas Anda sudah cocok."),
        MatchOutcome.RELEASED: _("NIK akun ini sudah dilepas."),
        MatchOutcome.UNAVAILABLE: _("Pencocokan data kependudukan sedang tidak tersedia."),
    }[outcome]
    level = messages.SUCCESS if outcome == MatchOutcome.MATCHED else messages.WARNING
    messages.add_message(request, level, text)
    return True


def _code_message(request: HttpRequest, form: LetterCodeForm, result) -> bool:
    outcome = result.outcome
    if outcome == LetterOutcome.WRONG:
        form.add_error("code", _("Kode aktivasi salah. Sisa percobaan: %(n)d.") % {"n": result.remaining})
        return False
    text = {
        LetterOutcome.VERIFIED: _("Identitas Anda terverifikasi."),
        LetterOutcome.BLOCKED: _("Terlalu banyak kode yang salah: surat ini dibatalkan. Minta surat aktivasi baru."),
        LetterOutcome.EXPIRED: _("Kode aktivasi sudah kedaluwarsa (berlaku 30 hari). Minta surat aktivasi baru."),
        LetterOutcome.NO_LETTER: _("Tidak ada surat aktivasi yang sudah dikirim untuk akun Anda."),
        LetterOutcome.ALREADY: _("Identitas Anda sudah terverifikasi."),
        LetterOutcome.CONFLICT: _("NIK ini sudah diverifikasi pada akun lain. Hubungi Disdukcapil."),
    }[outcome]
    if outcome == LetterOutcome.VERIFIED and result.took_over:
        text += " " + _("NIK Anda sebelumnya diklaim akun lain yang belum terverifikasi: sekarang NIK itu hanya "
                        "terhubung dengan akun Anda.")
    messages.add_message(request, messages.SUCCESS if outcome == LetterOutcome.VERIFIED else messages.WARNING, text)
    return True


def _email_first(request: HttpRequest) -> HttpResponse:
    """An unverified e-mail address: no matching or verification yet (docs/identity.md)."""
    messages.error(request, _("Verifikasi alamat e-mail Anda dulu (buka tautan yang kami kirim), lalu cocokkan "
                              "atau verifikasi identitas Anda."))
    return redirect("accounts:identity")


@citizen_required
@never_cache
@sensitive_post_parameters("code", "kk_number")
@require_http_methods(["GET", "POST"])
def identity_page(request: AuthedHttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if request.method == "POST" and needs_verification(request.user):
        return _email_first(request)
    match_form = MatchForm(request.POST if action == "match" else None, prefix="m")
    code_form = LetterCodeForm(request.POST if action == "code" else None, prefix="c")
    if action == "match" and match_form.is_valid():
        c = match_form.cleaned_data
        result = identity_match(user=request.user, full_name=c["full_name"], birth_date=c["birth_date"],
                                kk_number=c["kk_number"])
        if _match_message(request, match_form, result):
            return redirect("accounts:identity")
    elif action == "code" and code_form.is_valid():
        if _code_message(request, code_form, letter_redeem(user=request.user, code=code_form.cleaned_data["code"])):
            return redirect("accounts:identity")
    elif action == "letter":
        try:
            letter_request(user=request.user)
            messages.success(request, _("Surat aktivasi akan dicetak dan dikirim ke alamat Anda di data kependudukan. "
                                        "Masukkan kodenya di halaman ini dalam 30 hari sejak surat dikirim."))
        except IdentityError as exc:
            error_message(request, exc)
        return redirect("accounts:identity")
    status = identity_status(request.user)
    levels = [{"label": level.label, "how": how, "allows": allows, "current": level == status.level}
              for level, how, allows in LEVELS]
    allows = "" if status.released else next(a for level, _how, a in LEVELS if level == status.level)
    return render(request, "accounts/identity.html", {"status": status, "level_label": _("NIK dilepas") if status.released else status.level.label,
                                                      "levels": levels, "current_allows": allows,
                                                      "match_form": match_form, "code_form": code_form})


@citizen_required
@require_POST
def ikd_start(request: AuthedHttpRequest) -> HttpResponse:
    adapter = ikd_adapter()
    if adapter is None:
        raise Http404
    if needs_verification(request.user):
        return _email_first(request)
    request.session[IKD_SESSION_KEY] = True
    return redirect(adapter.start(request, callback_url=request.build_absolute_uri(
        reverse("accounts:identity_ikd_return"))))


@citizen_required
@never_cache
@require_GET
def ikd_return(request: AuthedHttpRequest) -> HttpResponse:
    adapter = ikd_adapter()
    if adapter is None or not request.session.pop(IKD_SESSION_KEY, False):
        raise Http404
    assertion = adapter.finish(request)
    if assertion is None:
        messages.error(request, _("Verifikasi IKD tidak selesai. Coba lagi atau pilih cara lain."))
        return redirect("accounts:identity")
    try:
        released = identity_verify_ikd(user=request.user, nik=assertion.nik, reference=assertion.reference)
    except IdentityError as exc:
        error_message(request, exc)
    else:
        text = _("Identitas Anda terverifikasi.")
        if released:
            text += " " + _("NIK Anda sebelumnya diklaim akun lain yang belum terverifikasi: sekarang NIK itu hanya "
                            "terhubung dengan akun Anda.")
        messages.success(request, text)
    return redirect("accounts:identity")


VERIFY_ROLES = tuple(STAFF_ROLES)


@staff_required(VERIFY_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def staff_verify(request: AuthedHttpRequest) -> HttpResponse:
    """Look up a citizen account by username (within the jurisdiction), read the KTP-el, verify."""
    lookup = StaffLookupForm(request.GET or None)
    form = InPersonForm(request.POST or None)
    username = request.POST.get("username") if request.method == "POST" else (
        lookup.cleaned_data["username"] if lookup.is_valid() else "")
    profile = profile_for_staff(request.user, username) if username else None
    if request.method == "POST" and form.is_valid() and profile is not None:
        c = form.cleaned_data
        try:
            identity_verify_in_person(staff=request.user, profile=profile, nik_on_card=c["nik"],
                                      full_name=c["full_name"], birth_date=c["birth_date"], note=c["note"])
        except IdentityError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Identitas akun %(username)s terverifikasi.") % {
                "username": profile.user.username})
            return redirect("accounts:staff_identity")
    if profile is not None and not form.is_bound:
        form = InPersonForm(initial={"username": profile.user.username})
    return render(request, "accounts/staff_identity.html", {
        "lookup": lookup, "form": form, "profile": profile, "searched": bool(username),
        "recent": verifications_by(request.user)})
