"""Service units in public (the list per regency, each unit's page with its current maklumat
pelayanan and the signed PDF) and the supervisor's desk that issues the maklumat."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balai.accounts.decorators import staff_required
from balai.core.errors import DomainError, add_form_errors
from balai.core.typing import AuthedHttpRequest
from balai.documents.signers.base import NotConfigured
from balai.regions.selectors import regency_choices

from .. import units as sel
from ..forms import PledgeForm
from ..services.pledge import pledge_issue


def _regency_names() -> dict[str, str]:
    return {r.code: r.name for r in regency_choices()}


@require_GET
def units(request: HttpRequest) -> HttpResponse:
    names = _regency_names()
    regency = request.GET.get("wilayah", "")
    regency = regency if regency in names else ""
    return render(request, "quality/units.html", {
        "groups": sel.offices_by_regency(names, regency), "regency": regency, "regency_names": names,
        "pledged": sel.pledged_office_ids()})


@require_GET
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    office = sel.public_office(pk)
    return render(request, "quality/unit.html", {
        "office": office, "pledge": sel.current_pledge(office), "services": sel.services_of(office),
        "regency_name": _regency_names().get(office.regency_code, office.regency_code)})


@require_GET
def pledge_file(request: HttpRequest, pk: int) -> FileResponse:
    """The current maklumat exactly as signed: a public document, published for anyone to read."""
    pledge = sel.current_pledge(sel.public_office(pk))
    if pledge is None or not pledge.document.storage_key:
        raise Http404
    document = pledge.document
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", f"maklumat-pelayanan-{document.number}").strip("-") + ".pdf"
    response = FileResponse(default_storage.open(document.storage_key, "rb"), as_attachment=False,
                            filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "public, max-age=300"
    return response


@staff_required(("supervisor", "admin"))
@require_http_methods(["GET", "POST"])
def pledge_desk(request: AuthedHttpRequest) -> HttpResponse:
    rows = sel.offices_for_pledge_desk(request.user)
    offices = {office.pk: office for office, _pledge in rows}
    form = PledgeForm(request.POST or None, offices=[(o.pk, o.name) for o in offices.values()])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pledge = pledge_issue(office=offices[data["office"]], by=request.user, head_name=data["head_name"],
                                  head_title=data["head_title"], head_nip=data["head_nip"])
        except DomainError as exc:
            add_form_errors(form, exc)
        except NotConfigured:
            form.add_error(None, _("Tanda tangan elektronik belum disiapkan di server ini. Hubungi admin."))
        else:
            messages.success(request, _("Maklumat pelayanan %(unit)s versi %(version)s sudah terbit.")
                             % {"unit": pledge.office.name, "version": pledge.version})
            return redirect("quality:pledge_desk")
    return render(request, "quality/pledge_desk.html", {"rows": rows, "form": form,
                                                        "may_issue": request.user.role == "supervisor"})
