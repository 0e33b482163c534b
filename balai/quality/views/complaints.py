"""Complaint pages: filing (anyone; anonymous allowed), following and replying (the reporter, by
account or follow link), the unit's desk, and the public register of resolved complaints."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balai.accounts.decorators import citizen_required, staff_required
from balai.core.errors import DomainError, add_form_errors
from balai.regions.selectors import regency_choices

from .. import complaint_selectors as sel
from .. import conf
from ..forms import ComplaintForm, HandleForm, ReplyForm
from ..services.complaints import complaint_act, complaint_file, complaint_reply
from .survey import DESK


def _regencies() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in regency_choices()]


def _regency_names() -> dict[str, str]:
    return dict(_regencies())


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    initial = {k: request.GET[k] for k in ("subject_kind", "subject_ref") if k in request.GET}
    form = ComplaintForm(request.POST or None, initial=initial, regencies=_regencies())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = complaint_file(by=request.user, subject_kind=data["subject_kind"], subject_ref=data["subject_ref"],
                                   category=data["category"], text=data["text"], anonymous=data["anonymous"],
                                   regency_code=data["regency"])
        except DomainError as exc:
            add_form_errors(form, exc)
        else:
            follow = reverse("quality:complaint", args=[filed.complaint.number]) + "?" + urlencode(
                {"kunci": filed.follow_key})
            return render(request, "quality/complaint_filed.html", {"complaint": filed.complaint,
                                                                    "follow_url": request.build_absolute_uri(follow)})
    return render(request, "quality/complaint_new.html", {"form": form, "sla_days": conf.COMPLAINT_SLA_DAYS,
                                                          "extension_days": conf.COMPLAINT_EXTENSION_DAYS})


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, number: str) -> HttpResponse:
    key = request.GET.get("kunci", "") or request.POST.get("kunci", "")
    complaint = sel.access_complaint_reporter(request.user, number, key)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_reply(complaint=complaint, text=form.cleaned_data["text"], by=request.user)
            messages.success(request, _("Tanggapan Anda terkirim."))
            url = reverse("quality:complaint", args=[number])
            return redirect(f"{url}?{urlencode({'kunci': key})}" if key else url)
        except DomainError as exc:
            add_form_errors(form, exc)
    return render(request, "quality/complaint.html", {
        "complaint": complaint, "messages_log": complaint.messages.all(), "form": form, "key": key,
        "lapor_url": sel.lapor_url(complaint), "regency": _regency_names().get(complaint.regency_code, "")})


@citizen_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/complaints_mine.html", {"complaints": sel.complaints_of_reporter(request.user)})


@staff_required(DESK)
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    overdue = request.GET.get("terlambat") == "1"
    page = Paginator(sel.complaints_for_staff(request.user, status=status, overdue=overdue), 25).get_page(
        request.GET.get("hal"))
    return render(request, "quality/desk_complaints.html", {"page": page, "status": status, "overdue": overdue,
                                                            "regencies": _regency_names()})


@staff_required(DESK)
@require_http_methods(["GET", "POST"])
def desk_complaint(request: HttpRequest, number: str) -> HttpResponse:
    complaint = sel.access_complaint_staff(request.user, number)
    form = HandleForm(request.POST or None, initial={"lapor_number": complaint.lapor_number,
                                                     "public_summary": complaint.public_summary})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint_act(complaint=complaint, by=request.user, action=data["action"], text=data["text"],
                          public_summary=data["public_summary"], lapor_number=data["lapor_number"])
            messages.success(request, _("Pengaduan diperbarui."))
            return redirect("quality:desk_complaint", number=number)
        except DomainError as exc:
            add_form_errors(form, exc)
    return render(request, "quality/desk_complaint.html", {
        "complaint": complaint, "messages_log": complaint.messages.all(), "form": form,
        "lapor_url": sel.lapor_url(complaint), "regency": _regency_names().get(complaint.regency_code, ""),
        "sla_confirmed": conf.COMPLAINT_SLA_CONFIRMED})


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    page = Paginator(sel.public_register(), 25).get_page(request.GET.get("hal"))
    return render(request, "quality/complaint_register.html", {"page": page, "regencies": _regency_names()})
