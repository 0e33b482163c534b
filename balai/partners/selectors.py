"""Scoped reads. An agent sees only its own point; a supervisor the points of its jurisdiction.
Anything else is 404, so ids of other points reveal nothing (invariant 5)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from balai.accounts.models import Role, User
from balai.payments.states import PaymentStatus

from . import ledger
from .models import Agent, ClosingStatus, Collection, DayClosing, ServicePoint, VoidRequest, VoidStatus


def agent_or_404(user: User) -> Agent:
    agent = Agent.objects.select_related("point", "user").filter(user=user).first()
    if agent is None:
        raise Http404
    return agent


def points_for_supervisor(user: User) -> QuerySet[ServicePoint]:
    qs = ServicePoint.objects.all()
    if user.role == Role.ADMIN:
        return qs
    if user.role != Role.SUPERVISOR:
        return qs.none()
    staff = getattr(user, "staff", None)
    regencies = list(staff.jurisdiction.values_list("code", flat=True)) if staff else []
    return qs.filter(Q(regency_code__in=regencies) | Q(supervisor=user))


def staff_may_read_commission_document(user, subject_id: str) -> bool:
    """A commission statement ("<point code>:<YYYY-MM>") follows its point's scope."""
    code, sep, _period = subject_id.rpartition(":")
    return bool(sep) and points_for_supervisor(user).filter(code=code).exists()


def access_point(user: User, pk: int) -> ServicePoint:
    point = points_for_supervisor(user).filter(pk=pk).first()
    if point is None:
        raise Http404
    return point


def access_collection(user: User, pk: int) -> Collection:
    qs = Collection.objects.select_related("point", "agent__user", "bill", "payment")
    if user.role == Role.AGENT:
        qs = qs.filter(point=agent_or_404(user).point)
    else:
        qs = qs.filter(point__in=points_for_supervisor(user))
    collection = qs.filter(pk=pk).first()
    if collection is None:
        raise Http404
    return collection


def access_closing(user: User, pk: int) -> DayClosing:
    qs = DayClosing.objects.select_related("point", "agent__user")
    if user.role == Role.AGENT:
        qs = qs.filter(agent=agent_or_404(user))
    else:
        qs = qs.filter(point__in=points_for_supervisor(user))
    closing = qs.filter(pk=pk).first()
    if closing is None:
        raise Http404
    return closing


def access_void(user: User, pk: int) -> VoidRequest:
    void = (VoidRequest.objects.select_related("collection__point", "collection__bill")
            .filter(pk=pk, collection__point__in=points_for_supervisor(user)).first())
    if void is None:
        raise Http404
    return void


def last_collections(agent: Agent, *, limit: int = 10) -> QuerySet[Collection]:
    """The agent's own latest collections: how a device recovers a response it lost."""
    return (Collection.objects.filter(agent=agent).select_related("bill", "payment", "void")
            .order_by("-collected_at", "-id")[:limit])


def open_closings(agent: Agent) -> QuerySet[DayClosing]:
    return DayClosing.objects.filter(agent=agent, status=ClosingStatus.NEW).order_by("closed_at")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def posted_collections(point: ServicePoint, start: date, end: date) -> QuerySet[Collection]:
    """Collections whose payment still stands (voided ones drop out), by day in Asia/Jakarta."""
    lo, hi = _bounds(start, end)
    return Collection.objects.filter(point=point, collected_at__gte=lo, collected_at__lt=hi,
                                     payment__status=PaymentStatus.POSTED)


@dataclass(frozen=True)
class PointStats:
    point: ServicePoint
    today_count: int
    today_amount: int
    month_count: int
    month_amount: int
    cash_on_hand: int
    unclosed_days: int
    discrepancies: int
    pending_voids: int
    awaiting_deposit: int

    @property
    def cash_percent(self) -> int:
        return min(100, self.cash_on_hand * 100 // self.point.cash_limit) if self.point.cash_limit else 100


def point_stats(point: ServicePoint, *, today: date | None = None) -> PointStats:
    today = today or timezone.localdate()
    day = posted_collections(point, today, today).aggregate(n=Count("id"), s=Sum("amount"))
    month = posted_collections(point, today.replace(day=1), today).aggregate(n=Count("id"), s=Sum("amount"))
    # Days with collections not yet in a closing, per agent (an agent's open shift can span days).
    unclosed: set[tuple[int, date]] = set()
    for agent in point.agents.all():
        last = DayClosing.objects.filter(agent=agent).order_by("-upto_collection_id").first()
        after = last.upto_collection_id if last else 0
        for when in Collection.objects.filter(agent=agent, pk__gt=after).values_list("collected_at", flat=True):
            unclosed.add((agent.pk, timezone.localdate(when)))
    return PointStats(
        point=point, today_count=day["n"], today_amount=int(day["s"] or 0), month_count=month["n"],
        month_amount=int(month["s"] or 0), cash_on_hand=ledger.cash_on_hand_point(point),
        unclosed_days=len(unclosed),
        discrepancies=DayClosing.objects.filter(point=point, status=ClosingStatus.DISCREPANCY).count(),
        pending_voids=VoidRequest.objects.filter(collection__point=point, status=VoidStatus.PENDING).count(),
        awaiting_deposit=DayClosing.objects.filter(point=point, status=ClosingStatus.NEW).count())


@dataclass(frozen=True)
class CommissionStatement:
    point: ServicePoint
    year: int
    month: int
    rows: list[Collection]
    count: int
    amount: int
    commission: int


def commission_statement(point: ServicePoint, year: int, month: int) -> CommissionStatement:
    start, end = month_bounds(year, month)
    rows = list(posted_collections(point, start, end).select_related("agent__user", "bill", "payment")
                .order_by("collected_at", "id"))
    return CommissionStatement(point=point, year=year, month=month, rows=rows, count=len(rows),
                               amount=sum(r.amount for r in rows), commission=sum(r.commission for r in rows))


def personal_data(user: User) -> list[dict]:
    """Cash collections at service points of bills the citizen pays, for the UU PDP export
    (the point, not the agent: agents' names are their own personal data)."""
    collections = (Collection.objects.filter(bill__payer=user).select_related("point", "bill", "payment")
                   .order_by("collected_at", "id"))
    return [{"point": c.point.name, "payment_code": c.bill.payment_code, "amount": c.amount,
             "collected_at": c.collected_at.isoformat(), "receipt_number": c.payment.receipt_number,
             "payment_status": c.payment.status} for c in collections]
