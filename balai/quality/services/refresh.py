"""The dashboard's summary tables, kept up to date incrementally by a beat task.

Cases: the case log (``CaseEvent``) is append-only, so the task reads the events after the last id
it read (``RefreshMark``), adds their figures to the month rows, and moves the mark, all in one
transaction (a crash repeats nothing and loses nothing; the mark's row lock keeps two runs apart).
Payments: a posted payment can still be reversed, so a day is rebuilt whole from the payments
index (status, paid_at); the task rebuilds today and yesterday on each run.
Document verifications: balai.documents keeps one counter per day (``VerificationDay``) that
grows during the day, so its rows are not an append-only log. The mark holds the day of the last
run (as an ordinal); each run rebuilds the months from the one holding the day before that mark
up to today from the counters since then (``verifications_since``), and moves the mark, in one
transaction. An issuing unit is mapped to a regency through the office of that name; a unit that
is no office (a province-level unit such as Bapenda's) counts in the province total only.

Working days use the province-wide calendar (national holidays, cuti bersama and province rows of
``core.Holiday``): a regency's own extra holiday does not move the dashboard's median.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from balai.cases.models import Application, CaseEvent
from balai.core.calendar import calendar_for

from .. import conf
from ..models import CaseMonthStat, PaymentDayStat, RefreshMark, VerificationMonthStat

CASES_MARK = "case_events"
VERIFICATIONS_MARK = "document_verifications"
# PKB heads of a vehicle bill (balai.vehicles.engine): the tax and its sanction; opsen and
# SWDKLLJ belong to other treasuries and are not "PKB collected".
PKB_HEADS = ("pkb", "pkb_penalty")
CHANNEL_GROUPS = ("bank", "qris", "opop", "counter")


def channel_group(channel: str, method: str | None) -> str:
    """Bank (VA, SNAP), QRIS, OPOP agent cash (balai.partners) or a Samsat counter."""
    if channel == "agent_cash":
        return "opop"
    if channel.startswith("counter"):
        return "counter"
    if (method or "").lower() == "qris":
        return "qris"
    return "bank"


@dataclass
class _Acc:
    received: int = 0
    received_counter: int = 0
    completed: int = 0
    completed_in_sla: int = 0
    completed_returned: int = 0
    days: Counter = field(default_factory=Counter)


def _month(moment: datetime) -> date:
    return timezone.localdate(moment).replace(day=1)


def _accumulate(events: list) -> dict[tuple, _Acc]:
    apps = {a["id"]: a for a in Application.objects.filter(id__in={e["application_id"] for e in events}).values(
        "id", "office_id", "service_id", "regency_code", "filed_by_id", "submitted_at", "due_date")}
    completed_ids = [e["application_id"] for e in events if e["action"] == "complete"]
    returned = set(CaseEvent.objects.filter(application_id__in=completed_ids, action="return")
                   .values_list("application_id", flat=True)) if completed_ids else set()
    first = min((timezone.localdate(a["submitted_at"]) for a in apps.values() if a["submitted_at"]),
                default=timezone.localdate())
    cal = calendar_for(first, span_days=(timezone.localdate() - first).days + 30)
    acc: dict[tuple, _Acc] = defaultdict(_Acc)
    for event in events:
        app = apps[event["application_id"]]
        row = acc[(_month(event["created_at"]), app["office_id"], app["service_id"], app["regency_code"])]
        if event["action"] == "submit":
            row.received += 1
            row.received_counter += int(event["actor_role"] == "counter" or app["filed_by_id"] is not None)
            continue
        done = timezone.localdate(event["created_at"])
        row.completed += 1
        row.completed_in_sla += int(app["due_date"] is None or done <= app["due_date"])
        row.completed_returned += int(app["id"] in returned)
        start = timezone.localdate(app["submitted_at"]) if app["submitted_at"] else done
        row.days[str(cal.working_days_between(start, done))] += 1
    return acc


def _apply(acc: dict[tuple, _Acc]) -> None:
    for (period, office_id, service_id, regency_code), add in acc.items():
        stat, _created = CaseMonthStat.objects.get_or_create(
            period=period, office_id=office_id, service_id=service_id, synthetic=False,
            defaults={"regency_code": regency_code})
        stat.received += add.received
        stat.received_counter += add.received_counter
        stat.completed += add.completed
        stat.completed_in_sla += add.completed_in_sla
        stat.completed_returned += add.completed_returned
        histogram = Counter({k: int(v) for k, v in stat.days_histogram.items()})
        histogram.update(add.days)
        stat.days_histogram = dict(histogram)
        stat.save()


def _invite(application_ids: list[int]) -> None:
    """Invite each applicant whose case completed to the survey (once per application: the
    notification key). Deliveries leave through the outbox after this transaction commits."""
    if not application_ids or not conf.SURVEY_INVITATIONS:
        return
    from django.urls import reverse

    from balai.notifications.services import notify

    from ..notices import SURVEY_INVITATION

    apps = Application.objects.filter(id__in=application_ids, state="completed").select_related(
        "applicant", "service_version")
    for app in apps:
        notify(SURVEY_INVITATION, recipient=app.applicant, key=f"survey-{app.tracking_number}",
               context={"service": app.service_version.name_id,
                        "url": reverse("quality:survey", args=[app.tracking_number])})


def refresh_cases(*, limit: int | None = None) -> int:
    """Read the next batch of the case log into the month rows; returns the events read."""
    limit = limit or conf.REFRESH_BATCH
    RefreshMark.objects.get_or_create(name=CASES_MARK)
    with transaction.atomic():
        mark = RefreshMark.objects.select_for_update().get(name=CASES_MARK)
        events = list(CaseEvent.objects.filter(id__gt=mark.last_id, action__in=("submit", "complete"))
                      .order_by("id").values("id", "action", "actor_role", "created_at", "application_id")[:limit])
        if events:
            _apply(_accumulate(events))
            _invite([e["application_id"] for e in events if e["action"] == "complete"])
            mark.last_id = events[-1]["id"]
        mark.refreshed_at = timezone.now()
        mark.save()
    return len(events)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(day, time.min), tz),
            timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz))


def refresh_payments(day: date) -> int:
    """Rebuild one day's PKB rows from posted payments; returns the rows written."""
    from balai.payments.models import Allocation
    from balai.payments.states import PaymentStatus

    lo, hi = _day_bounds(day)
    rows = (Allocation.objects.filter(payment__status=PaymentStatus.POSTED, payment__paid_at__gte=lo,
                                      payment__paid_at__lt=hi, tax_head__in=PKB_HEADS)
            .values_list("payment_id", "amount", "payment__channel", "payment__attempt__method",
                         "payment__bill__regency_code"))
    amounts: dict[tuple[str, str], int] = defaultdict(int)
    payments: dict[tuple[str, str], set[int]] = defaultdict(set)
    for payment_id, amount, channel, method, regency in rows:
        key = (regency or "", channel_group(channel, method))
        amounts[key] += amount
        payments[key].add(payment_id)
    with transaction.atomic():
        PaymentDayStat.objects.filter(day=day, synthetic=False).delete()
        PaymentDayStat.objects.bulk_create([
            PaymentDayStat(day=day, regency_code=regency, channel_group=group, amount=amount,
                           payments=len(payments[(regency, group)]))
            for (regency, group), amount in amounts.items()])
    return len(amounts)


def refresh_verifications(*, today: date | None = None) -> int:
    """Rebuild the verification month rows touched since the last run; returns the rows written."""
    from balai.cases.models import Office
    from balai.documents.verification_counts import verifications_since

    today = today or timezone.localdate()
    RefreshMark.objects.get_or_create(name=VERIFICATIONS_MARK)
    with transaction.atomic():
        mark = RefreshMark.objects.select_for_update().get(name=VERIFICATIONS_MARK)
        first = (date.fromordinal(mark.last_id) - timedelta(days=1)).replace(day=1) if mark.last_id else date.min
        regency_of = {name.lower(): code for name, code in Office.objects.values_list("name", "regency_code")}
        totals: Counter = Counter()
        for row in verifications_since(first):
            key = (row["day"].replace(day=1), regency_of.get(row["issuing_unit"].lower(), ""), row["channel"])
            totals[key] += row["count"]
        VerificationMonthStat.objects.filter(period__gte=first, synthetic=False).delete()
        VerificationMonthStat.objects.bulk_create([
            VerificationMonthStat(period=period, regency_code=regency, channel=channel, verifications=n)
            for (period, regency, channel), n in totals.items()])
        mark.last_id = max(mark.last_id, today.toordinal())
        mark.refreshed_at = timezone.now()
        mark.save()
    return len(totals)


def refresh_dashboard(*, days: int = 2, max_batches: int = 50) -> dict[str, int]:
    read = 0
    for _ in range(max_batches):
        n = refresh_cases()
        read += n
        if n < conf.REFRESH_BATCH:
            break
    today = timezone.localdate()
    written = sum(refresh_payments(today - timedelta(days=i)) for i in range(days))
    return {"case_events": read, "payment_rows": written, "verification_rows": refresh_verifications(today=today)}
