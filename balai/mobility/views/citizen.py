"""The citizen hub "SIM & Paspor": my licences, my passports, my bookings, readiness checks and
reminders. Every page that shows an authority's data says whose data it is (authority.Status)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balai.accounts.decorators import citizen_required
from balai.core.errors import DomainError, add_form_errors, error_message

from .. import authority, fees, readiness, selectors, services
from ..booking import in_person_places
from ..conf import conf
from ..forms import CertificateForm, LicenceForm, PassportBookingForm, PassportForm, RenewalStartedForm
from ..models import SPLP_ITEMS, HeldCertificate, PassportItem


@citizen_required
def hub(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    sim = authority.sim_authority()
    passport = authority.passport_authority()
    licences = [(lic, readiness.sim_readiness(request.user, lic, today=today), sim.renewal_status(lic, today=today))
                for lic in selectors.licences_of(request.user)]
    bookings = [(b, passport.application_status(b, now=now)) for b in selectors.passport_bookings_of(request.user)]
    return render(request, "mobility/hub.html", {
        "licences": licences, "passports": selectors.passports_of(request.user), "passport_bookings": bookings,
        "check": readiness.passport_readiness(request.user), "source": sim.source,
        "source_label": authority.SOURCE_LABELS[sim.source],
        "reminders": selectors.reminders_for(request.user, today=today, now=now)[:8],
        "appointments": _my_appointments(request.user)})


def _my_appointments(user) -> list:
    from balai.appointments.selectors import bookings_of

    return list(bookings_of(user, active_only=True).filter(kind__startswith="sim")[:10])


@citizen_required
@require_http_methods(["GET", "POST"])
def licence_add(request: HttpRequest) -> HttpResponse:
    form = LicenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = services.LicenceInput(form.cleaned_data["licence_class"], form.cleaned_data["number"],
                                     form.cleaned_data["issued_on"])
        try:
            licence = services.licence_add(owner=request.user, data=data, photo=form.cleaned_data["photo"])
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("SIM dicatat. Petugas akan mencocokkan foto kartu dengan isian Anda."))
            return redirect("mobility:licence", licence.public_id)
    return render(request, "mobility/licence_add.html", {"form": form})


@citizen_required
@require_http_methods(["GET", "POST"])
def licence_page(request: HttpRequest, public_id) -> HttpResponse:
    licence = selectors.access_licence(request.user, public_id)
    today = timezone.localdate()
    form = RenewalStartedForm(request.POST or None, initial={"on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.licence_renewal_started(licence=licence, on=form.cleaned_data["on"])
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Tanggal mulai perpanjangan dicatat."))
            return redirect("mobility:licence", licence.public_id)
    sim = authority.sim_authority()
    return render(request, "mobility/licence.html", {
        "licence": licence, "check": readiness.sim_readiness(request.user, licence, today=today),
        "status": sim.renewal_status(licence, today=today), "steps": readiness.REQUIREMENT_STEPS,
        "sinar_url": conf.MOBILITY_SINAR_URL, "form": form, "places": _places(request.user)})


def _places(user) -> list:
    """Where a SIM can be renewed in person: SIM Keliling visits and Satpas offices (appointments)."""
    return in_person_places(user)


@citizen_required
@require_POST
def licence_remove(request: HttpRequest, public_id) -> HttpResponse:
    licence = selectors.access_licence(request.user, public_id)
    services.licence_remove(licence=licence, by=request.user)
    messages.success(request, _("SIM dihapus dari akun Anda."))
    return redirect("mobility:hub")


@citizen_required
@require_http_methods(["GET", "POST"])
def passport_readiness_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    check = readiness.passport_readiness(request.user)
    types = [(item, fees.passport_fee(item, today)) for item in PassportItem if item not in SPLP_ITEMS]
    return render(request, "mobility/passport_readiness.html", {
        "check": check, "fees": [(item, fee) for item, fee in types if fee is not None],
        "mpaspor_url": conf.MOBILITY_MPASPOR_URL, "payment_hours": conf.MOBILITY_MPASPOR_PAYMENT_HOURS,
        "source_label": authority.SOURCE_LABELS[authority.LOCAL]})


@citizen_required
@require_http_methods(["GET", "POST"])
def certificate(request: HttpRequest) -> HttpResponse:
    held = HeldCertificate.objects.filter(owner_id=request.user.pk).first()
    initial = {} if held is None else {f: getattr(held, f) for f in CertificateForm.base_fields}
    form = CertificateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_save(owner=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Data akta disimpan."))
            return redirect("mobility:passport_readiness")
    return render(request, "mobility/certificate.html", {"form": form})


@citizen_required
@require_http_methods(["GET", "POST"])
def passport_add(request: HttpRequest) -> HttpResponse:
    form = PassportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.passport_add(owner=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Paspor dicatat. Balai mengingatkan Anda sebelum paspor habis berlaku."))
            return redirect("mobility:hub")
    return render(request, "mobility/passport_add.html", {"form": form})


@citizen_required
@require_http_methods(["GET", "POST"])
def passport_booking_add(request: HttpRequest) -> HttpResponse:
    form = PassportBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.passport_booking_record(owner=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Jadwal M-Paspor dicatat. Bayar kode billing dalam %(h)s jam.")
                             % {"h": conf.MOBILITY_MPASPOR_PAYMENT_HOURS})
            return redirect("mobility:hub")
    return render(request, "mobility/passport_booking_add.html", {
        "form": form, "payment_hours": conf.MOBILITY_MPASPOR_PAYMENT_HOURS})


@citizen_required
@require_POST
def passport_booking_paid(request: HttpRequest, public_id) -> HttpResponse:
    booking = selectors.access_passport_booking(request.user, public_id)
    try:
        services.passport_booking_paid(booking=booking)
    except DomainError as exc:
        error_message(request, exc)
    return redirect("mobility:hub")
