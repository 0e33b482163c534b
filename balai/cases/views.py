"""HTML views: citizen portal, officer desk, public tracking. Thin: parse, one call, render."""

from __future__ import annotations

import uuid
from functools import wraps
from typing import cast
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.dates import MONTHS_3
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import citizen_required, staff_required
from balai.accounts.models import Role, User
from balai.core import forms as core_forms
from balai.core import shell
from balai.core.api import ApiError, IPRateThrottle
from balai.core.errors import error_message
from balai.core.masking import mask_nik
from balai.core.typing import AuthedHttpRequest

from . import forms_schema, selectors, services, tracking_guard
from .handlers import handler_for
from .labels import action_label
from .models import QUEUE_STATES, STATE_LABELS, Attachment, Notice, State, WorkflowAction
from .uploads import max_upload_bytes

DESK = (Role.OFFICER, Role.SUPERVISOR)


def _user(request: HttpRequest) -> User:
    """The authenticated user (the decorators let nothing else through)."""
    return cast(User, request.user)


def applicant_view(view):
    """A case page for its applicant: the citizen, or the officer who filed it at a counter
    (then with a verified second factor, like every staff page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, tracking_number: str, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff_role and not user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware
            return redirect_to_login(request.get_full_path())
        app = selectors.access_application(user, tracking_number)
        if "applicant" not in services.actor_roles(user, app):
            raise Http404
        return view(request, app, *args, **kwargs)

    return wrapper


# --- catalogue -------------------------------------------------------------------------------

@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:80]
    versions = selectors.published_versions(q)
    # the public services other apps registered (vehicle tax, verification…) and planned ones not here yet
    found = shell.search(q, request.user)
    others = [e for e in found.entries if e.url_name not in ("cases:catalogue", "cases:service")]  # listed above
    template = "cases/_service_list.html" if getattr(request, "htmx", False) else "cases/catalogue.html"
    return render(request, template, {"versions": versions, "q": q, "others": others,
                                      "unavailable": found.unavailable})


@require_GET
def service_page(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.current_version(code)
    prefetch_related_objects([version], "requirements")
    requirements = list(version.requirements.all())
    return render(request, "cases/service.html", {
        "version": version, "requirements": requirements,
        "alternatives": {r.alternative_of_id: r for r in requirements if r.alternative_of_id},
        "schema": handler_for(version).form_fields(version),
    })


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


def _uploads_context(app) -> dict:
    selectors.case_detail(app)
    requirements = selectors.requirements_of(app.service_version)
    current = {}
    for attachment in app.attachments.all():
        if not attachment.superseded:
            current[attachment.requirement_id] = attachment
    by_id = {r.pk: r for r in requirements}
    rows = [{"req": r, "file": current.get(r.pk), "alt_of": by_id.get(r.alternative_of_id or 0)} for r in requirements]
    missing = services.missing_requirements(app, requirements, list(current.values()))
    return {"req_rows": rows, "missing": missing, "max_mb": max_upload_bytes() // (1024 * 1024)}


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


def _timeline(app) -> list[dict]:
    return selectors.timeline(app)


@require_GET
@applicant_view
def application_page(request: HttpRequest, app) -> HttpResponse:
    context = _uploads_context(app)
    schema = handler_for(app.service_version).form_fields(app.service_version)
    last_return = next((e for e in reversed(list(app.events.all())) if e.action == "return"), None)
    return render(request, "cases/application.html", {
        "app": app, **context, "timeline": _timeline(app), "rows": forms_schema.display_rows(schema, app.data),
        "last_return": last_return, "can_cancel": app.state in (State.DRAFT, State.SUBMITTED),
        "transaction_id": uuid.uuid4().hex,
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


def attachment_response(app, attachment_id: int) -> FileResponse:
    attachment = Attachment.objects.filter(application=app, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type, as_attachment=True,
                            filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def attachment_download(request: HttpRequest, tracking_number: str, attachment_id: int) -> HttpResponseBase:
    """Access-checked download: the applicant, or desk staff of the case's office (verified)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_staff_role and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect_to_login(request.get_full_path())
    app = selectors.access_application(request.user, tracking_number)
    return attachment_response(app, attachment_id)


# --- public tracking -------------------------------------------------------------------------

class TrackPageThrottle(IPRateThrottle):
    scope = "tracking"


class TrackForm(core_forms.Form):
    nomor = forms.CharField(label=gettext_lazy("Nomor pelacakan"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    pin = forms.CharField(label=gettext_lazy("PIN"), max_length=6, min_length=6,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


@never_cache
@require_http_methods(["GET", "POST"])
def track_page(request: HttpRequest) -> HttpResponse:
    """``/lacak``: the PIN travels in a POST body, not in URLs or logs."""
    form = TrackForm(request.POST or None, initial={"nomor": request.GET.get("nomor", "")[:20]})
    found, status, retry_after = None, 200, 0
    if request.method == "POST" and form.is_valid():
        throttle = TrackPageThrottle()
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]  # plain view
            form.add_error(None, _("Terlalu banyak percobaan. Coba lagi beberapa saat lagi."))
            status, retry_after = 429, int(throttle.wait() or 0)
        else:
            try:
                found = tracking_guard.public_status(form.cleaned_data["nomor"], form.cleaned_data["pin"])
            except tracking_guard.TrackingLocked as locked:
                form.add_error(None, locked.message)
                status, retry_after = 429, locked.wait
            else:
                if found is None:
                    form.add_error(None, _("Nomor pelacakan atau PIN tidak cocok."))
                    status = 404
    timeline = []
    if found:
        timeline = [{"label": action_label(e["action"]), "at": parse_datetime(e["at"])}
                    for e in found["events"]]
    response = render(request, "cases/track.html", {"form": form, "found": found, "timeline": timeline},
                      status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# --- officer desk ----------------------------------------------------------------------------

class QueueFilter(core_forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Layanan"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                              choices=[("", gettext_lazy("Semua status aktif"))] + [(s.value, s.label) for s in QUEUE_STATES])
    regency = forms.ChoiceField(label=gettext_lazy("Kabupaten/kota"), required=False)
    overdue = forms.BooleanField(label=gettext_lazy("Hanya yang terlambat"), required=False)
    mine = forms.BooleanField(label=gettext_lazy("Hanya yang saya tangani"), required=False)


QUEUE_PAGE_SIZE = 25
FILTER_KEYS = ("service", "state", "regency", "overdue", "mine")


@require_GET
@staff_required(DESK)
def desk_queue(request: HttpRequest) -> HttpResponse:
    """The work queue, one numbered page at a time. Filters and pager are plain GET links and
    forms (no JavaScript needed); with htmx they swap only ``#queue-results`` (the partial).
    Rendering 25 rows costs more than the queries, so everything a row shows is a ready string
    (see _queue_rows) and the filter controls are drawn from option lists, not form widgets."""
    scope = selectors.staff_scope(request.user)
    form = QueueFilter(request.GET or None)
    choices = {
        "service": [("", _("Semua layanan")), *selectors.services_for_filter()],
        "state": [("", _("Semua status aktif")), *((s.value, str(s.label)) for s in QUEUE_STATES)],
        "regency": [("", _("Semua wilayah kerja")), *((c, scope.regency_name(c)) for c in scope.regencies)],
    }
    for name in ("service", "regency"):
        cast(forms.ChoiceField, form.fields[name]).choices = choices[name]
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    queue = selectors.queue_page(officer=_user(request), page=page, per_page=QUEUE_PAGE_SIZE,
                                 service=filters.get("service", ""), state=filters.get("state", ""),
                                 overdue=bool(filters.get("overdue")), regency=filters.get("regency", ""),
                                 mine=bool(filters.get("mine")))
    today = timezone.localdate()
    query = {k: ("on" if k in ("overdue", "mine") else filters[k]) for k in FILTER_KEYS if filters.get(k)}
    context = {
        "form": form, "queue": queue, "scope": scope, "filters": query,
        "regency_names": ", ".join(scope.regency_name(c) for c in scope.regencies),
        "counts": [{"state": s, "label": s.label, "n": queue.counts.get(s, 0)} for s in QUEUE_STATES],
        "rows": _queue_rows(queue.rows, today, scope),
        "pager": _pager(queue, query),
        "first": (queue.page - 1) * QUEUE_PAGE_SIZE + 1,
        "last": (queue.page - 1) * QUEUE_PAGE_SIZE + len(queue.rows),
        # (value, label, selected) for the hand-written <select>s: Django's select widget renders a
        # template per option, which cost more than all the rows together
        "options": {name: [(value, label, value == (filters.get(name) or "")) for value, label in pairs]
                    for name, pairs in choices.items()},
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, "cases/_desk_queue_results.html", {**context, "partial": True})
    else:
        context["notices"] = list(Notice.objects.filter(user=_user(request), read_at__isnull=True)
                                  .order_by("-created_at")[:5])
        response = render(request, "cases/desk_queue.html", context)
    patch_vary_headers(response, ("HX-Request",))  # the partial and the page share one URL
    return response


def _queue_rows(apps, today, scope) -> list[dict]:
    """Rows pre-formatted once per request: Django's date filter, {% url %} and translations per
    row cost more than the queue's queries (profiled); the due date reads like ``date:"j M Y"``."""
    months = [""] + [str(MONTHS_3[m]).title() for m in range(1, 13)]
    link = reverse("cases:desk_case", args=["0000000000"]).replace("0000000000", "{}")
    labels = {state: str(label) for state, label in STATE_LABELS.items()}
    english = (get_language() or "id").startswith("en")  # ServiceVersion.name, decided once
    rows = []
    for a in apps:
        version = a.service_version
        due = a.due_date
        rows.append({
            "url": link.format(a.tracking_number), "number": a.tracking_display, "service": (english and version.name_en) or version.name_id,
            "state": a.state, "state_label": labels.get(a.state, a.state), "overdue": a.is_overdue(today),
            "paused": a.paused_at is not None, "due_iso": due.isoformat() if due else "",
            "due": f"{due.day} {months[due.month]} {due.year}" if due else "",
            "regency": scope.regency_name(a.regency_code),
            "assignee": a.assignee.full_name if a.assignee_id else "",
        })
    return rows


def _pager(queue, query: dict) -> dict[str, object]:
    """Links of a numbered pager that keep the filters: first, last, and two pages either side."""
    def href(n: int) -> str:
        return "?" + urlencode({**query, "page": n})

    numbers = sorted({1, queue.pages, *range(max(1, queue.page - 2), min(queue.pages, queue.page + 2) + 1)})
    items: list[dict[str, object]] = []
    previous = 0
    for n in numbers:
        if n - previous > 1:
            items.append({"gap": True})
        items.append({"n": n, "href": href(n), "current": n == queue.page})
        previous = n
    return {
        "items": items if queue.pages > 1 else [],
        "previous": href(queue.page - 1) if queue.page > 1 else "",
        "next": href(queue.page + 1) if queue.page < queue.pages else "",
    }


def _desk_app(request: HttpRequest, tracking_number: str):
    app = selectors.access_application(request.user, tracking_number)
    if not services.actor_roles(_user(request), app) & {"officer", "supervisor"}:
        raise Http404
    return app


@require_GET
@staff_required(DESK)
def desk_case(request: AuthedHttpRequest, tracking_number: str) -> HttpResponse:
    app = _desk_app(request, tracking_number)
    context = _uploads_context(app)
    schema = handler_for(app.service_version).form_fields(app.service_version)
    roles = services.actor_roles(request.user, app)
    actions = [a for a in WorkflowAction.objects.filter(workflow_id=app.workflow_id).order_by("id")
               if app.state in a.from_states and roles & set(a.roles)]
    officers = []
    if request.user.role == Role.SUPERVISOR and any(a.code == "reassign" for a in actions):
        officers = list(User.objects.filter(role__in=DESK, is_active=True, staff__unit__iexact=app.office.name,
                                            staff__jurisdiction=app.office.regency_code)
                        .exclude(pk=app.assignee_id).order_by("full_name").distinct())
    return render(request, "cases/desk_case.html", {
        "app": app, **context, "timeline": _timeline(app), "rows": forms_schema.display_rows(schema, app.data),
        "actions": actions, "officers": officers, "is_holder": app.assignee_id == request.user.pk,
        "can_review": app.state == State.IN_REVIEW and (app.assignee_id == request.user.pk
                                                         or request.user.role == Role.SUPERVISOR),
        "overdue": app.is_overdue(), "transaction_id": uuid.uuid4().hex, "nik_masked": mask_nik(app.subject_nik),
        "subjects": handler_for(app.service_version).subjects(app),
    })


@require_POST
@staff_required(DESK)
def desk_action(request: AuthedHttpRequest, tracking_number: str) -> HttpResponse:
    app = _desk_app(request, tracking_number)
    action = request.POST.get("action", "")
    assignee = None
    if request.POST.get("assignee", "").isdigit():
        assignee = User.objects.filter(pk=int(request.POST["assignee"])).first()
    try:
        services.application_act(application=app, by=request.user, action=action,
                                 note=request.POST.get("note", ""),
                                 transaction_id=request.POST.get("transaction_id", ""), assignee=assignee)
        messages.success(request, _("Aksi '%(a)s' berhasil.") % {"a": action_label(action, app.workflow_id)})
    except ApiError as exc:
        error_message(request, exc)
    if action in ("release", "reassign") and request.user.role == Role.OFFICER:
        return redirect("cases:desk_queue")
    return redirect("cases:desk_case", app.tracking_number)


@require_POST
@staff_required(DESK)
def desk_review(request: HttpRequest, tracking_number: str, attachment_id: int) -> HttpResponse:
    app = _desk_app(request, tracking_number)
    try:
        services.attachment_review(application=app, attachment_id=attachment_id, by=_user(request),
                                   decision=request.POST.get("decision", ""), reason=request.POST.get("reason", ""))
    except ApiError as exc:
        error_message(request, exc)
    return redirect(f"{reverse('cases:desk_case', args=[app.tracking_number])}#lampiran")


class CounterForm(core_forms.Form):
    nik = forms.CharField(label=gettext_lazy("NIK warga"), min_length=16, max_length=16,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    service = forms.ChoiceField(label=gettext_lazy("Layanan"))


@require_http_methods(["GET", "POST"])
@staff_required(DESK)
def desk_counter(request: HttpRequest) -> HttpResponse:
    """Filing at a counter on a citizen's behalf; the case is routed by the citizen's address."""
    form = CounterForm(request.POST or None)
    cast(forms.ChoiceField, form.fields["service"]).choices = [(v.service.code, v.name) for v in selectors.published_versions()]
    if request.method == "POST" and form.is_valid():
        try:
            created = services.application_create(version=selectors.current_version(form.cleaned_data["service"]),
                                                  by=_user(request), applicant_nik=form.cleaned_data["nik"])
        except ApiError as exc:
            form.add_error("nik", str(exc.detail))
        else:
            return redirect("cases:apply_data", created.application.tracking_number)
    return render(request, "cases/desk_counter.html", {"form": form})


@require_POST
@staff_required(DESK)
def notices_read(request: HttpRequest) -> HttpResponse:
    Notice.objects.filter(user=_user(request), read_at__isnull=True).update(read_at=timezone.now())
    return redirect("cases:desk_queue")


# --- bench only ------------------------------------------------------------------------------

def bench_bare(request: HttpRequest, pk: int) -> HttpResponse:
    """The bench's baseline: one primary-key SELECT, no framework (routed only with BALAI_BENCH_URLS=1)."""
    from django.http import JsonResponse

    from .models import Application

    row = Application.objects.filter(pk=pk).values("state").first()
    if row is None:
        raise Http404
    return JsonResponse(row)
