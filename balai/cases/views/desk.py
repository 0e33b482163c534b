"""The officer desk: the work queue, a case at the desk, its actions and reviews, counter filing."""

from __future__ import annotations

import uuid
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dates import MONTHS_3
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import staff_required
from balai.accounts.models import Role, User
from balai.core import forms as core_forms
from balai.core.api import ApiError
from balai.core.errors import error_message
from balai.core.masking import mask_nik
from balai.core.typing import AuthedHttpRequest

from .. import forms_schema, selectors, services
from ..handlers import handler_for
from ..labels import action_label
from ..models import QUEUE_STATES, STATE_LABELS, Notice, State, WorkflowAction
from .common import DESK, _timeline, _uploads_context, _user

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
    handler = handler_for(app.service_version)
    schema = handler.form_fields(app.service_version)
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
        "subjects": handler.subjects(app), "record_rows": handler.desk_facts(app),
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
