"""The applicant's pages: the apply wizard, their applications, the receipt, downloads."""

from __future__ import annotations

import uuid

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import citizen_required
from balai.core import forms as core_forms
from balai.core.api import ApiError
from balai.core.errors import error_message

from .. import forms_schema, selectors, services
from ..handlers import handler_for
from ..models import State
from ..page_links import application_links
from .common import _timeline, _uploads_context, _user, applicant_view, attachment_response


@require_POST
@citizen_required
def apply_start(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.current_version(code)
    try:
        created = services.application_create(version=version, by=_user(request),
                                              idempotency_key=request.POST.get("idempotency_key", "")[:80])
    except ApiError as exc:  # not eligible: said before any draft exists
        error_message(request, exc)
        return redirect("cases:service", code)
    return redirect("cases:apply_data", created.application.tracking_number)


# --- apply wizard ----------------------------------------------------------------------------

def _steps(app, current: str) -> list[dict]:
    names = [("data", _("Isi data")), ("uploads", _("Unggah dokumen")), ("review", _("Periksa dan kirim"))]
    return [{"key": k, "label": label, "current": k == current,
             "url": reverse(f"cases:apply_{k}", args=[app.tracking_number])} for k, label in names]


@never_cache
@require_http_methods(["GET", "POST"])
@applicant_view
def apply_data(request: HttpRequest, app) -> HttpResponse:
    schema = handler_for(app.service_version).form_fields(app.service_version)
    if app.state not in (State.DRAFT, State.RETURNED):
        return redirect("cases:application", app.tracking_number)
    form = forms_schema.build_form(schema, data=request.POST or None, initial=app.data)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update_data(application=app, by=_user(request),
                                              data=forms_schema.to_json(schema, form.cleaned_data))
        except ValidationError as exc:
            for name, errs in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errs)
        except ApiError as exc:
            error_message(request, exc)
            return redirect("cases:application", app.tracking_number)
        else:
            return redirect("cases:apply_uploads", app.tracking_number)
    return render(request, "cases/apply_data.html", {"app": app, "form": form, "steps": _steps(app, "data")})


class UploadForm(core_forms.Form):
    requirement = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=gettext_lazy("Pilih berkas"))

@never_cache
@require_http_methods(["GET", "POST"])
@applicant_view
def apply_uploads(request: HttpRequest, app) -> HttpResponse:
    if app.state not in (State.DRAFT, State.RETURNED):
        return redirect("cases:application", app.tracking_number)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_add(application=app, requirement_code=form.cleaned_data["requirement"],
                                        upload=form.cleaned_data["file"], by=_user(request))
                messages.success(request, _("Berkas tersimpan."))
            except ApiError as exc:
                error_message(request, exc)
        else:
            messages.error(request, _("Pilih berkas yang akan diunggah."))
        return redirect("cases:apply_uploads", app.tracking_number)
    context = {"app": app, "steps": _steps(app, "uploads"), **_uploads_context(app)}
    return render(request, "cases/apply_uploads.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@applicant_view
def apply_review(request: HttpRequest, app) -> HttpResponse:
    if app.state not in (State.DRAFT, State.RETURNED):
        return redirect("cases:application", app.tracking_number)
    action = "submit" if app.state == State.DRAFT else "resubmit"
    if request.method == "POST":
        try:
            submitted = services.application_submit(application=app, by=_user(request),
                                                     transaction_id=request.POST.get("transaction_id", ""))
        except ApiError as exc:
            error_message(request, exc)
            return redirect("cases:apply_review", app.tracking_number)
        if submitted.pin is None:  # a resubmission, or this form sent twice: the PIN was shown the first time
            messages.success(request, _("Permohonan terkirim."))
        else:
            # The PIN exists only as a hash; the plain one rides in the server-side session to the
            # receipt, which takes it out on its first display (shown once, see ``receipt``).
            request.session[_pin_key(app)] = submitted.pin
            messages.success(request, _("Permohonan terkirim. Simpan tanda terima dan PIN untuk melacaknya."))
        return redirect("cases:receipt", app.tracking_number)
    schema = handler_for(app.service_version).form_fields(app.service_version)
    context = {"app": app, "steps": _steps(app, "review"), "rows": forms_schema.display_rows(schema, app.data),
               "action": action, "transaction_id": uuid.uuid4().hex, **_uploads_context(app)}
    return render(request, "cases/apply_review.html", context)


# --- my applications -------------------------------------------------------------------------

@require_GET
@citizen_required
def my_applications(request: HttpRequest) -> HttpResponse:
    apps = list(selectors.applications_for_citizen(request.user)[:100])
    return render(request, "cases/my_applications.html", {"apps": apps})

@require_GET
@applicant_view
def application_page(request: HttpRequest, app) -> HttpResponse:
    context = _uploads_context(app)
    schema = handler_for(app.service_version).form_fields(app.service_version)
    last_return = next((e for e in reversed(list(app.events.all())) if e.action == "return"), None)
    return render(request, "cases/application.html", {
        "app": app, **context, "timeline": _timeline(app), "rows": forms_schema.display_rows(schema, app.data),
        "last_return": last_return, "can_cancel": app.state in (State.DRAFT, State.SUBMITTED),
        "transaction_id": uuid.uuid4().hex, "extra_links": application_links(app),
    })


@require_POST
@applicant_view
def application_cancel(request: HttpRequest, app) -> HttpResponse:
    try:
        services.application_act(application=app, by=_user(request), action="cancel",
                                 transaction_id=request.POST.get("transaction_id", ""))
        messages.success(request, _("Permohonan dibatalkan."))
    except ApiError as exc:
        error_message(request, exc)
    return redirect("cases:application", app.tracking_number)


@never_cache
@require_http_methods(["GET", "POST"])
@applicant_view
def draft_delete(request: HttpRequest, app) -> HttpResponse:
    """Delete a draft, after a confirmation page (a submitted case is cancelled, not deleted)."""
    if app.state != State.DRAFT:
        messages.error(request, _("Hanya draf yang dapat dihapus; permohonan yang sudah diajukan dapat dibatalkan."))
        return redirect("cases:application", app.tracking_number)
    if request.method == "POST":
        try:
            services.application_delete_draft(application=app, by=_user(request))
        except ApiError as exc:
            error_message(request, exc)
            return redirect("cases:application", app.tracking_number)
        messages.success(request, _("Draf %(number)s dihapus.") % {"number": app.tracking_display})
        return redirect("cases:desk_queue" if _user(request).pk != app.applicant_id else "cases:mine")
    return render(request, "cases/draft_delete.html", {"app": app})


def _qr_svg(app) -> str:
    url = f"{settings.PUBLIC_BASE_URL}{reverse('cases:track')}?nomor={app.tracking_number}"
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _pin_key(app) -> str:
    return f"cases.new_pin.{app.tracking_number}"


@never_cache
@require_http_methods(["GET", "POST"])
@applicant_view
def receipt(request: HttpRequest, app) -> HttpResponse:
    """The receipt: tracking number, QR and PIN. The PIN exists only as a hash: it is shown on the
    first display after submitting; later, showing one means issuing a new one (the previous
    PIN stops working)."""
    if request.method == "POST":
        pin = services.application_pin_reset(application=app, by=_user(request))
    else:
        pin = request.session.pop(_pin_key(app), None)  # right after submitting, once
    return render(request, "cases/receipt.html", {"app": app, "pin": pin, "qr": _qr_svg(app)})

@require_GET
def attachment_download(request: HttpRequest, tracking_number: str, attachment_id: int) -> HttpResponseBase:
    """Access-checked download: the applicant, or desk staff of the case's office (verified)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_staff_role and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect_to_login(request.get_full_path())
    app = selectors.access_application(request.user, tracking_number)
    return attachment_response(app, attachment_id)
