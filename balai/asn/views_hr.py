"""Pages of the unit's HR work: the unit's fluency figures (supervisors); promotion proposals and
retirement files (supervisors and the unit's HR officers), each a case on the desk."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from balai.accounts.decorators import staff_required
from balai.accounts.models import Role
from balai.cases.selectors import access_application
from balai.core.errors import DomainError, error_message
from balai.core.typing import AuthedHttpRequest

from . import files, selectors
from .cases_link import SERVICES
from .forms import PromotionForm
from .models import AsnProfile

supervisor_required = staff_required([Role.SUPERVISOR, Role.ADMIN])


def is_hr_officer(user) -> bool:
    return bool(getattr(getattr(user, "asn", None), "is_hr_officer", False))


def may_see_files(user) -> bool:
    """Supervisors and admins, and officers who are their unit's HR officer (shell predicate too)."""
    return getattr(user, "role", "") in (Role.SUPERVISOR, Role.ADMIN) or is_hr_officer(user)


def hr_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @staff_required([Role.OFFICER, Role.SUPERVISOR, Role.ADMIN])
    @wraps(view)
    def wrapper(request: AuthedHttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_see_files(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@supervisor_required
@require_GET
def fluency(request: AuthedHttpRequest) -> HttpResponse:
    unit = files.unit_of(request.user)
    figures = selectors.unit_fluency(unit, per_officer=request.user.role == Role.SUPERVISOR)
    return render(request, "asn/fluency.html", {"f": figures})


@never_cache
@hr_required
@require_GET
def files_page(request: AuthedHttpRequest) -> HttpResponse:
    unit = files.unit_of(request.user)
    context = files.files_for_unit(unit)
    context["facts"] = [selectors.profile_facts(p) for p in context["profiles"]]
    context["sections"] = [(_("Berkas pensiun"), context["retirements"], _("Belum ada berkas pensiun.")),
                           (_("Usul kenaikan pangkat"), context["promotions"], _("Belum ada usul kenaikan pangkat."))]
    return render(request, "asn/files.html", {**context, "unit": unit, "form": PromotionForm()})


@hr_required
@require_POST
def promotion_propose(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A draft case for the ASN; the filer goes on to upload its documents and submit it."""
    profile = AsnProfile.objects.select_related("user__staff").filter(pk=pk).first()
    if profile is None:
        raise Http404
    form = PromotionForm(request.POST)
    if form.is_valid():
        try:
            proposal = files.promotion_propose(profile=profile, by=request.user, period=form.cleaned_data["period"])
        except DomainError as exc:
            error_message(request, exc)
        else:
            messages.success(request, _("Usul kenaikan pangkat dibuat. Unggah dokumennya, lalu ajukan ke antrean "
                                        "pengelola kepegawaian unit."))
            return redirect("cases:apply_uploads", proposal.application.tracking_number)
    return redirect("asn:files")


@hr_required
@require_POST
def forward(request: AuthedHttpRequest, tracking_number: str) -> HttpResponse:
    """Forward a verified promotion or retirement case to BKD (the unit's HR officer holding it)."""
    app = access_application(request.user, tracking_number)
    if app.service.code not in SERVICES:
        raise Http404
    try:
        files.forward_to_bkd(application=app, by=request.user)
        messages.success(request, _("Berkas %(n)s diteruskan ke BKD.") % {"n": app.tracking_display})
    except DomainError as exc:
        error_message(request, exc)
    return redirect("asn:files")
