"""Scoped reads. Every query that returns cases goes through here (invariant 5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from balai.accounts.models import Role

from . import restrictions
from .models import (
    QUEUE_STATES,
    Application,
    Attachment,
    CaseEvent,
    Office,
    Requirement,
    Service,
    ServiceVersion,
    State,
)

DESK_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})


@dataclass(frozen=True)
class StaffScope:
    unit: str
    regencies: tuple[str, ...]
    office_ids: tuple[int, ...]
    regency_names: dict[str, str] = field(default_factory=dict, compare=False)  # code → "Kota Surabaya"
    refused_services: tuple[str, ...] = ()  # codes of restricted services this user may not handle (restrictions.py)

    def regency_name(self, code: str) -> str:
        return self.regency_names.get(code, code)

    def covers(self, app: Application) -> bool:
        """The case is in one of the user's offices and of a service they may handle."""
        if app.office_id not in self.office_ids:
            return False
        return not self.refused_services or _service_code(app) not in self.refused_services


def _service_code(app: Application) -> str:
    version = app.service_version if Application.service_version.is_cached(app) else None
    if version is not None and ServiceVersion.service.is_cached(version):
        return version.service.code
    return Service.objects.filter(pk=app.service_id).values_list("code", flat=True).first() or ""


def staff_scope(user) -> StaffScope:
    """The offices a desk user works for: offices named like the user's unit, inside the user's
    jurisdiction, with the regencies' names (read in the same query as their codes). Cached on the
    user object for the request (two queries at most)."""
    cached = getattr(user, "_cases_scope", None)
    if cached is not None:
        return cached
    staff = getattr(user, "staff", None) if user.is_authenticated and user.role in DESK_ROLES else None
    if staff is None:
        scope = StaffScope("", (), ())
    else:
        names = dict(staff.jurisdiction.values_list("code", "name"))
        regencies = tuple(sorted(names))
        offices = Office.objects.filter(name__iexact=staff.unit.strip(), regency_code__in=regencies)
        refused = tuple(restrictions.refused_services(user))
        scope = StaffScope(staff.unit, regencies, tuple(offices.values_list("id", flat=True)), names, refused)
    user._cases_scope = scope
    return scope


def _detail_queryset() -> QuerySet[Application]:
    return Application.objects.select_related("service_version__service", "office", "assignee", "applicant",
                                              "workflow")


def access_application(user, tracking_number: str, *, for_update: bool = False) -> Application:
    """The only way a view gets a case. A case outside the caller's scope is a 404, the same as
    an unknown number, so scope does not leak existence (Zulip's access_* helpers)."""
    number = "".join(ch for ch in str(tracking_number) if ch.isdigit())
    if not user.is_authenticated or len(number) != 10:
        raise Http404
    qs = Application.objects.select_for_update() if for_update else _detail_queryset()
    app = qs.filter(tracking_number=number).first()
    if app is None or not can_see(user, app):
        raise Http404
    return app


def filer_in_scope(user, app: Application) -> bool:
    """The counter officer who filed the case, while the case is routed inside their
    jurisdiction: filing for someone is no key to a case of another regency (nor after the case
    moved, or the officer did)."""
    return (app.filed_by_id is not None and app.filed_by_id == user.pk and user.role in DESK_ROLES
            and app.regency_code in staff_scope(user).regencies)


def can_see(user, app: Application) -> bool:
    if app.applicant_id == user.pk or filer_in_scope(user, app):
        return True
    if user.role in DESK_ROLES:
        return staff_scope(user).covers(app)
    return False


def staff_may_read_case_document(user, tracking_number: str) -> bool:
    """Documents issued for a case (family cards, birth certificates, …) follow the case's scope."""
    app = Application.objects.filter(tracking_number=tracking_number).only("office_id", "applicant_id", "filed_by_id",
                                                                           "regency_code", "service_id").first()
    return app is not None and can_see(user, app)


def applications_for_citizen(user) -> QuerySet[Application]:
    """The caller's own cases, and those a counter officer filed that are still in their jurisdiction."""
    mine = Q(applicant=user)
    if getattr(user, "role", None) in DESK_ROLES:
        mine |= Q(filed_by=user, regency_code__in=staff_scope(user).regencies)
    return Application.objects.filter(mine).select_related("service_version").order_by("-created_at")


LIGHT_FIELDS = ("id", "tracking_number", "state", "due_date", "paused_at", "regency_code", "service_version__id",
                "service_version__name_id", "service_version__name_en", "assignee__id", "assignee__full_name")


@dataclass
class Queue:
    rows: list[Application]
    counts: dict[str, int]
    total: int  # open cases under the service/regency filters (the counts' sum)
    matching: int | None = None  # cases under every filter (queue_page only)
    page: int = 1
    pages: int = 1


def _queue_querysets(*, officer, service: str, state: str, overdue: bool, regency: str, mine: bool,
                     today: date, light: bool) -> tuple[QuerySet[Application], QuerySet[Application]]:
    """(base for the counts per state, rows under every filter, unsliced and ordered)."""
    scope = staff_scope(officer)
    base = Application.objects.filter(office_id__in=scope.office_ids, state__in=list(QUEUE_STATES))
    if scope.refused_services:
        base = base.exclude(service__code__in=scope.refused_services)
    if regency and regency in scope.regencies:
        base = base.filter(regency_code=regency)
    elif regency:
        base = base.none()
    if service:
        base = base.filter(service__code=service)
    rows_qs = base
    if state:
        rows_qs = rows_qs.filter(state=state)
    if overdue:
        rows_qs = rows_qs.filter(due_date__lt=today, paused_at__isnull=True,
                                 state__in=[State.SUBMITTED, State.IN_REVIEW, State.RESUBMITTED])
    if mine:
        rows_qs = rows_qs.filter(assignee=officer)
    if light:  # the HTML queue: no JSON columns, no long texts, no unused joins (they cost more than the query)
        rows_qs = rows_qs.select_related("service_version", "assignee").only(*LIGHT_FIELDS)
    else:
        rows_qs = rows_qs.select_related("service_version__service", "office", "assignee")
    return base, rows_qs.order_by("due_date", "id")


def _counts(base: QuerySet[Application]) -> dict[str, int]:
    counts: dict[str, int] = {s.value: 0 for s in QUEUE_STATES}
    for row in base.order_by().values("state").annotate(n=Count("*")):  # index-only scan
        counts[row["state"]] = row["n"]
    return counts


def queue_for_officer(*, officer, service: str = "", state: str = "", overdue: bool = False,
                      regency: str = "", mine: bool = False, limit: int = 50, offset: int = 0,
                      today: date | None = None, light: bool = False) -> Queue:
    """The officer's work queue, sorted by due date: three queries whatever the list size
    (scope, rows, counts per state)."""
    base, rows_qs = _queue_querysets(officer=officer, service=service, state=state, overdue=overdue,
                                     regency=regency, mine=mine, today=today or timezone.localdate(), light=light)
    rows = list(rows_qs[offset:offset + limit])
    counts = _counts(base)
    return Queue(rows=rows, counts=counts, total=sum(counts.values()))


def queue_page(*, officer, page: int = 1, per_page: int = 25, service: str = "", state: str = "",
               overdue: bool = False, regency: str = "", mine: bool = False, today: date | None = None) -> Queue:
    """One numbered page of the officer's queue (the HTML desk), sorted by due date. The number of
    matching cases comes from the counts per state when only service/regency/state filter it;
    the overdue and "mine" filters cost one count more. A page past the end gives the last page.
    Queries: scope (2, once per request), counts, [count], rows — whatever the queue's size."""
    base, rows_qs = _queue_querysets(officer=officer, service=service, state=state, overdue=overdue,
                                     regency=regency, mine=mine, today=today or timezone.localdate(), light=True)
    counts = _counts(base)
    total = sum(counts.values())
    if overdue or mine:  # not derivable from the counts per state
        matching = rows_qs.order_by().count()
    elif state:
        matching = counts.get(state, 0)
    else:
        matching = total
    pages = max(1, -(-matching // per_page))
    page = min(max(page, 1), pages)
    offset = (page - 1) * per_page
    rows = list(rows_qs[offset:offset + per_page])
    return Queue(rows=rows, counts=counts, total=total, matching=matching, page=page, pages=pages)


def case_detail(app: Application) -> Application:
    """Attachments (with requirements) and events for a case page: two more queries."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [app],
        Prefetch("attachments", queryset=app.attachments.model.objects.select_related("requirement")
                 .order_by("requirement__order", "id")),
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("seq")),
    )
    return app


def timeline(app: Application) -> list[dict]:
    """The case's events for its pages and API, each with its label in words. An event a counter
    officer did on the applicant's behalf says so, by name, to the applicant too (it is not the
    citizen's own act). Reads the events as prefetched by ``case_detail``."""
    from django.utils.translation import gettext as _

    from .labels import event_label
    from .models import ActorRole

    names = {a.requirement.code: a.requirement.name for a in app.attachments.all()}
    entries = []
    for event in app.events.all():
        label, by = event_label(event, names, app.workflow_id), ""
        if event.actor_role == ActorRole.COUNTER:
            names = {"officer": event.actor.full_name if event.actor else "", "citizen": app.subject_name}
            if event.action == "create":
                label = _("Permohonan dibuat di loket oleh %(officer)s atas nama %(citizen)s") % names
            else:
                by = _("oleh petugas loket %(officer)s atas nama %(citizen)s") % names
        entries.append({"event": event, "label": label, "by": by,
                        "summary": f"{label} — {by}" if by else label})
    return entries


def requirements_of(version: ServiceVersion) -> list[Requirement]:
    return list(version.requirements.all().order_by("order", "id"))


def published_versions(q: str = "") -> list[ServiceVersion]:
    """The current (latest published) version of every active service, optionally searched."""
    qs = (ServiceVersion.objects.filter(published_at__isnull=False, service__is_active=True)
          .exclude(service__code__in=restrictions.staff_filed_services())
          .select_related("service").order_by("service__order", "service__code", "-version"))
    if q:
        qs = qs.filter(Q(name_id__icontains=q) | Q(name_en__icontains=q) | Q(description__icontains=q)
                       | Q(description_en__icontains=q) | Q(service__code__icontains=q) | Q(product__icontains=q)
                       | Q(product_en__icontains=q))
    seen, result = set(), []
    for version in qs:
        if version.service_id not in seen:
            seen.add(version.service_id)
            result.append(version)
    if q:  # a match in an old version must not surface it: keep only current versions
        current = {v.pk for v in published_versions()}
        result = [v for v in result if v.pk in current]
    return result


def current_version(code: str) -> ServiceVersion:
    version = (ServiceVersion.objects.filter(service__code=code, service__is_active=True, published_at__isnull=False)
               .select_related("service", "workflow").order_by("-version").first())
    if version is None:
        raise Http404
    return version


def services_for_filter() -> list[tuple[str, str]]:
    """(code, name of the current version) of every active published service, in catalogue order:
    one query, names only (no long texts)."""
    from django.utils.translation import get_language

    english = (get_language() or "id").startswith("en")
    qs = (ServiceVersion.objects.filter(published_at__isnull=False, service__is_active=True)
          .order_by("service__order", "service__code", "-version")
          .values_list("service_id", "service__code", "name_id", "name_en"))
    seen: set[int] = set()
    result = []
    for service_id, code, name_id, name_en in qs:
        if service_id not in seen:
            seen.add(service_id)
            result.append((code, (english and name_en) or name_id))
    return result


def _public_status_sql() -> str:
    qn = connection.ops.quote_name
    case_table, version_table = qn(Application._meta.db_table), qn(ServiceVersion._meta.db_table)
    # Fixed SQL, no ORM compilation per request (it was a third of the endpoint's CPU).
    return (f"SELECT a.id, a.tracking_number, a.pin_hash, a.state, a.due_date, a.paused_at, a.public_log, "  # noqa: S608
            f"a.service_version_id, v.name_id AS version_name_id, v.name_en AS version_name_en "
            f"FROM {case_table} a JOIN {version_table} v ON v.id = a.service_version_id "
            f"WHERE a.tracking_number = %s")


def public_status(tracking_number: str, pin: str) -> dict | None:
    """What anyone holding the receipt may see: no names, no NIK, no data, no notes. One query:
    the public timeline is a projection kept on the case row."""
    from .services import pin_matches

    number = "".join(ch for ch in str(tracking_number) if ch.isdigit())
    if len(number) != 10:
        return None
    # raw() converts each column by its model field (dates, JSON) on SQLite and PostgreSQL alike
    app = next(iter(Application.objects.raw(_public_status_sql(), [number])), None)
    if app is None or not pin_matches(app, pin):
        return None
    # version_name_id/_en are extra columns of the raw query, set on the instance
    name_id, name_en = app.version_name_id, app.version_name_en  # type: ignore[attr-defined]
    app.service_version = ServiceVersion(pk=app.service_version_id, name_id=name_id, name_en=name_en)
    return {"app": app, "events": app.public_log}


def personal_data(user) -> list[dict]:
    """The citizen's applications for the UU PDP export: what their case pages show them (form
    data, attachment details without the files, the timeline with notes, no staff names)."""
    apps = (Application.objects.filter(applicant=user).select_related("service_version", "office")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.select_related("requirement")
                                       .order_by("id")),
                              Prefetch("events", queryset=CaseEvent.objects.order_by("seq")))
            .order_by("created_at", "id"))
    return [{
        "tracking_number": app.tracking_number,
        "service": app.service_version.name_id,
        "office": app.office.name,
        "state": app.state,
        "subject_name": app.subject_name,
        "subject_nik": app.subject_nik,
        "form_data": {key: value for key, value in app.data.items() if not key.startswith("_")},
        "created_at": app.created_at.isoformat(),
        "submitted_at": app.submitted_at.isoformat() if app.submitted_at else None,
        "due_date": app.due_date.isoformat() if app.due_date else None,
        "closed_at": app.closed_at.isoformat() if app.closed_at else None,
        "attachments": [{"requirement": a.requirement.name, "file_name": a.original_name,
                         "content_type": a.content_type, "size": a.size, "uploaded_at": a.uploaded_at.isoformat(),
                         "status": a.status, "review_note": a.review_note, "superseded": a.superseded}
                        for a in app.attachments.all()],
        "timeline": [{"at": e.created_at.isoformat(), "action": e.action, "from_state": e.from_state,
                      "to_state": e.to_state, "note": e.note} for e in app.events.all()],
    } for app in apps]
