"""Demo data (``balai seed_demo``, demo mode only): a year of synthetic history in the dashboard's
summary tables, so the public dashboard shows real-looking figures. Every row is marked
``synthetic`` and the dashboard labels it "synthetic data" in demo mode; the refresh task never
touches these rows and production (no demo mode) never reads them. Also a signed maklumat
pelayanan for the demo regency's units (their signers' names marked as examples). Idempotent."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import (
    ELEMENT_CODES,
    CaseMonthStat,
    ComplaintMonthStat,
    PaymentDayStat,
    SurveyStat,
    VerificationMonthStat,
)


def _months(n: int):
    first = timezone.localdate().replace(day=1)
    for i in range(n):
        index = first.year * 12 + first.month - 1 - i
        yield first.replace(year=index // 12, month=index % 12 + 1)


def _cases_and_surveys(rng: random.Random, offices, services) -> int:
    rows, surveys = [], []
    for month in _months(12):
        for office in offices:
            for service in services:
                received = rng.randint(40, 260)
                completed = int(received * rng.uniform(0.8, 0.98))
                histogram = {str(d): max(0, int(completed * w)) for d, w in
                             ((1, .15), (2, .25), (3, .25), (4, .15), (5, .1), (7, .06), (10, .04))}
                rows.append(CaseMonthStat(
                    period=month, office=office, service=service, regency_code=office.regency_code, synthetic=True,
                    received=received, received_counter=int(received * rng.uniform(0.2, 0.5)), completed=completed,
                    completed_in_sla=int(completed * rng.uniform(0.82, 0.97)),
                    completed_returned=int(completed * rng.uniform(0.05, 0.18)), days_histogram=histogram))
                n = int(completed * rng.uniform(0.2, 0.4))
                means = {code: rng.uniform(2.8, 3.7) for code in ELEMENT_CODES}
                surveys.append(SurveyStat(period=month, office=office, service=service, synthetic=True,
                                          regency_code=office.regency_code, responses=n,
                                          sums={c: round(means[c] * n) for c in ELEMENT_CODES},
                                          counts=dict.fromkeys(ELEMENT_CODES, n)))
    CaseMonthStat.objects.bulk_create(rows)
    SurveyStat.objects.bulk_create(surveys)
    return len(rows)


def _payments_and_complaints(rng: random.Random, regencies: list[str]) -> int:
    today = timezone.localdate()
    payments = []
    for back in range(365):
        day = today - timedelta(days=back)
        for regency in regencies:
            for group, share in (("bank", .45), ("qris", .2), ("opop", .25), ("counter", .1)):
                count = int(rng.randint(20, 120) * share)
                if count:
                    payments.append(PaymentDayStat(day=day, regency_code=regency, channel_group=group, synthetic=True,
                                                   payments=count, amount=count * rng.randint(180, 900) * 1000))
    PaymentDayStat.objects.bulk_create(payments, batch_size=2000)
    complaints = []
    for month in _months(12):
        for regency in regencies:
            received = rng.randint(0, 12)
            resolved = min(received, rng.randint(0, 12))
            complaints.append(ComplaintMonthStat(period=month, unit_type="dukcapil", regency_code=regency,
                                                 synthetic=True, received=received, resolved=resolved,
                                                 resolved_in_time=int(resolved * rng.uniform(0.7, 1))))
    ComplaintMonthStat.objects.bulk_create(complaints)
    return len(payments)


def _verifications(rng: random.Random, regencies: list[str]) -> int:
    """Synthetic documents verified per month, regency and channel (QR scans most), plus a
    province-level share (unit with no regency: ``regency_code`` ""). Idempotent."""
    if VerificationMonthStat.objects.filter(synthetic=True).exists():
        return 0
    rows = [VerificationMonthStat(period=month, regency_code=regency, channel=channel, synthetic=True,
                                  verifications=int(rng.randint(50, 900) * share))
            for month in _months(12) for regency in [*regencies, ""]
            for channel, share in (("qr", 1.0), ("upload", .15), ("api", .05))]
    VerificationMonthStat.objects.bulk_create(rows)
    return len(rows)


# The demo regency's units and who signs their maklumat (invented names, marked as examples).
DEMO_PLEDGES = (
    ("dukcapil", "3578", "Ir. Bambang Sutopo, M.Si. (contoh)",
     "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya", "197403242006041015"),
    ("bapenda", "3578", "Dra. Endang Pratiwi (contoh)", "Kepala UPT PPD Bapenda Kota Surabaya", ""),
)


def _pledges() -> list[str]:
    """A signed maklumat pelayanan for each demo unit that has none yet (idempotent)."""
    from balai.cases.routing import office_for
    from balai.documents.signers import NotConfigured, get_signer

    from .models import ServicePledge
    from .services.pledge import pledge_record

    try:
        get_signer()
    except NotConfigured as exc:
        return [f"no demo maklumat pelayanan: {exc}"]
    lines = []
    for unit_type, regency, name, title, nip in DEMO_PLEDGES:
        office = office_for(unit_type, regency)
        if ServicePledge.objects.filter(office=office).exists():
            continue
        pledge = pledge_record(office=office, by=None, head_name=name, head_title=title, head_nip=nip)
        lines.append(f"maklumat pelayanan of {office.name}: {pledge.document.number}")
    return lines


def seed_demo_quality(accounts: list[dict]) -> list[str]:
    if not getattr(settings, "DEMO", False):
        return ["not in demo mode: no synthetic history"]
    pledges = _pledges()
    from .services.fluency import refresh_fluency

    refresh_fluency(force=True)  # the ASN demo (seeded before this one) has its profiles
    from balai.regions.selectors import regency_choices

    regencies = [r.code for r in regency_choices()]
    n_ver = _verifications(random.Random(2027), regencies)
    verified = [f"SYNTHETIC document verifications: {n_ver} month rows (labelled synthetic)"] if n_ver else []
    if CaseMonthStat.objects.filter(synthetic=True).exists():
        return [*pledges, *verified, "synthetic dashboard history already present"]
    from balai.cases.models import Office, Service

    rng = random.Random(2026)
    offices = list(Office.objects.all()[:40])
    services = list(Service.objects.filter(is_active=True)[:6])
    with transaction.atomic():
        n_cases = _cases_and_surveys(rng, offices, services)
        n_pay = _payments_and_complaints(rng, regencies)
    from .services.refresh import refresh_dashboard

    refresh_dashboard()
    return [*pledges, *verified, f"SYNTHETIC dashboard history: 12 months, {n_cases} case rows, {n_pay} PKB day rows (labelled synthetic)"]
