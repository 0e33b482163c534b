"""Officers check licences typed by their holders against the photo of the card."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balai.accounts.decorators import staff_required
from balai.core import audit
from balai.core.errors import DomainError, add_form_errors

from .. import selectors, services
from ..forms import ReviewForm

REVIEWERS = ("officer", "supervisor", "admin")


@staff_required(REVIEWERS)
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    return render(request, "mobility/staff_review_list.html",
                  {"licences": selectors.licences_for_staff(request.user)[:100]})


@staff_required(REVIEWERS)
@require_http_methods(["GET", "POST"])
def licence_review_page(request: HttpRequest, public_id) -> HttpResponse:
    licence = selectors.access_licence_for_staff(request.user, public_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.licence_review(licence=licence, by=request.user,
                                    confirm=form.cleaned_data["decision"] == "confirm",
                                    note=form.cleaned_data["note"])
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Pemeriksaan SIM disimpan."))
            return redirect("mobility:review_list")
    return render(request, "mobility/staff_review.html", {"licence": licence, "form": form})


@staff_required(REVIEWERS)
@require_GET
def licence_photo(request: HttpRequest, public_id) -> FileResponse:
    """The photo of the card, re-encoded on upload; shown inline to the officer only (audited)."""
    licence = selectors.access_licence_for_staff(request.user, public_id)
    if not licence.photo:
        from django.http import Http404

        raise Http404
    audit.record(action="mobility.licence_photo_read", actor=request.user, object_type="licence",
                 object_id=licence.pk)
    response = FileResponse(licence.photo.open("rb"), content_type=licence.photo_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
