"""The dashboard's figures equal a brute-force recount of the raw case log, on random seeded data,
whatever batch size the incremental refresh reads with; and the documents verified by QR equal a
count of the verifications themselves, wherever the refresh runs fell."""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from balai.cases.models import Application, CaseEvent, Office
from balai.core.calendar import calendar_for
from balai.documents.verification_counts import verification_count
from balai.quality.dashboard import add_months, median_from_histogram, months, scope_for
from balai.quality.services.refresh import refresh_cases

pytestmark = pytest.mark.django_db


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed(rng: random.Random, template: Application, offices: list[Office], n: int) -> None:
    base = timezone.localdate().replace(day=1) - timedelta(days=120)
    apps = []
    for i in range(n):
        office = rng.choice(offices)
        submitted = base + timedelta(days=rng.randrange(0, 110))
        apps.append(Application(
            tracking_number=f"9{i:09d}", pin_hash="x", service_id=template.service_id,
            service_version_id=template.service_version_id, workflow_id=template.workflow_id,
            applicant_id=template.applicant_id, filed_by_id=template.applicant_id if rng.random() < 0.3 else None,
            subject_nik=template.subject_nik, subject_name="Uji", office=office, regency_code=office.regency_code,
            village_code=template.village_code, state="submitted", submitted_at=_aware(submitted, 9),
            due_date=submitted + timedelta(days=rng.randrange(3, 20))))
    Application.objects.bulk_create(apps)
    events = []
    for app in Application.objects.filter(tracking_number__startswith="9"):
        day = timezone.localdate(app.submitted_at)
        seq = 1
        events.append(CaseEvent(application=app, seq=seq, action="submit", to_state="submitted",
                                actor_role="counter" if app.filed_by_id else "applicant", created_at=app.submitted_at))
        if rng.random() < 0.3:
            seq += 1
            events.append(CaseEvent(application=app, seq=seq, action="return", to_state="returned",
                                    actor_role="officer", created_at=_aware(day + timedelta(days=1), 10)))
        if rng.random() < 0.7:
            seq += 1
            done = day + timedelta(days=rng.randrange(0, 30))
            events.append(CaseEvent(application=app, seq=seq, action="complete", to_state="completed",
                                    actor_role="system", created_at=_aware(done, 14)))
    rng.shuffle(events)  # ids in random order: the log is not sorted by date
    CaseEvent.objects.bulk_create(events)


def _recount(regencies: tuple[str, ...]) -> dict[date, dict]:
    """Straight from the raw tables, one event at a time."""
    first = timezone.localdate() - timedelta(days=400)
    cal = calendar_for(first, span_days=500)
    figures: dict[date, dict] = defaultdict(lambda: {"received": 0, "counter": 0, "completed": 0, "in_sla": 0,
                                                     "returned": 0, "days": []})
    returned = set(CaseEvent.objects.filter(action="return").values_list("application_id", flat=True))
    for event in CaseEvent.objects.select_related("application").filter(action__in=("submit", "complete")):
        app = event.application
        if regencies and app.regency_code not in regencies:
            continue
        day = timezone.localdate(event.created_at)
        f = figures[day.replace(day=1)]
        if event.action == "submit":
            f["received"] += 1
            f["counter"] += app.filed_by_id is not None
        else:
            f["completed"] += 1
            f["in_sla"] += day <= app.due_date
            f["returned"] += app.pk in returned
            f["days"].append(cal.working_days_between(timezone.localdate(app.submitted_at), day))
    return figures


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_dashboard_equals_a_recount(seed, make_case):
    rng = random.Random(seed)
    template = make_case(submit=False)
    offices = [template.office, Office.objects.create(unit_type="dukcapil", regency_code="3573",
                                                      name="Dispendukcapil Kota Malang")]
    _seed(rng, template, offices, rng.randrange(20, 80))
    batch = rng.choice([1, 7, 50, 10_000])
    while refresh_cases(limit=batch):
        pass
    last = timezone.localdate().replace(day=1)
    first = add_months(last, -6)
    for regencies in [(), ("3578",), ("3573",)]:
        expected = _recount(regencies)
        for month in months(scope_for(regencies), first, last):
            want = expected.get(month.period, {"received": 0, "counter": 0, "completed": 0, "in_sla": 0,
                                               "returned": 0, "days": []})
            assert (month.received, month.received_counter, month.completed, month.completed_in_sla,
                    month.completed_returned) == (want["received"], want["counter"], want["completed"],
                                                  want["in_sla"], want["returned"]), (regencies, month.period)
            want_median = Decimal(str(statistics.median(want["days"]))) if want["days"] else None
            assert month.median_days == want_median


def test_refresh_twice_counts_nothing_twice(make_case):
    template = make_case(submit=False)
    _seed(random.Random(9), template, [template.office], 30)
    refresh_cases()
    before = [(m.received, m.completed) for m in months(scope_for(), add_months(timezone.localdate().replace(day=1), -6),
                                                        timezone.localdate().replace(day=1))]
    assert refresh_cases() == 0
    after = [(m.received, m.completed) for m in months(scope_for(), add_months(timezone.localdate().replace(day=1), -6),
                                                       timezone.localdate().replace(day=1))]
    assert before == after and sum(r for r, _c in after) == 30


@pytest.mark.parametrize(("histogram", "median"), [({"3": 1}, 3), ({"1": 1, "4": 1}, Decimal("2.5")),
                                                   ({"2": 2, "9": 1}, 2), ({}, None)])
def test_median_from_histogram(histogram, median):
    from collections import Counter

    assert median_from_histogram(Counter(histogram)) == median


def _verification_events(rng: random.Random, units: list[str], n: int) -> list[tuple[datetime, str, str]]:
    """(moment, issuing unit, channel) in time order, spread over about four months."""
    start = timezone.now() - timedelta(days=125)
    moments = sorted(start + timedelta(minutes=rng.randrange(0, 125 * 24 * 60)) for _ in range(n))
    return [(m, rng.choice(units), rng.choice(["qr", "qr", "upload", "api"])) for m in moments]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_documents_verified_by_qr_equals_a_recount(seed, make_case):
    """Verifications counted one by one, the refresh run at random moments in between (as the beat
    would): each month's figure per regency equals a count of the verifications themselves."""
    from balai.documents.models import Document
    from balai.quality.services.refresh import refresh_verifications

    rng = random.Random(seed)
    template = make_case(submit=False)
    malang = Office.objects.create(unit_type="dukcapil", regency_code="3573", name="Dispendukcapil Kota Malang")
    regency_of = {template.office.name: template.office.regency_code, malang.name.upper(): "3573"}
    units = [template.office.name, malang.name.upper(), "Bapenda Provinsi Jawa Timur"]  # the last: no office
    events = _verification_events(rng, units, rng.randrange(30, 120))
    for moment, unit, channel in events:
        verification_count(document=Document(doc_type=rng.choice(["letter", "kk"]), issuing_unit=unit),
                           channel=channel, moment=moment)
        if rng.random() < 0.1:
            refresh_verifications(today=timezone.localdate(moment))
    refresh_verifications()
    last = timezone.localdate().replace(day=1)
    for regencies in [(), ("3578",), ("3573",)]:
        want: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for moment, unit, channel in events:
            regency = regency_of.get(unit, "")
            if not regencies or regency in regencies:
                want[timezone.localdate(moment).replace(day=1)][channel] += 1
        for month in months(scope_for(regencies), add_months(last, -5), last):
            assert month.verified_by_qr == want[month.period]["qr"], (regencies, month.period)
            assert dict(month.verifications) == {k: v for k, v in want[month.period].items() if v}
