"""Bulk paths: the annual assessment of every vehicle due in a month, and the synthetic fleet.

Annual assessment (``assess_due_month``), per batch of vehicles in id order (keyset):
1. one query selects the batch: active, due that month (arrears included: the first unpaid due
   date falls in that calendar month of an earlier year), not blocked, STNK still valid (the
   5-yearly renewal is not billed), and not billed yet for this month (so a run can be resumed);
2. one query each for the owners' progressive vehicles (ownership order, as
   ``selectors.ownership_order``) and for payer accounts by NIK;
3. the engine assesses each vehicle as of its due date (the amount if paid on time);
4. payments writes the bills, lines and "bill.issued" events (``balai.payments.bulk.bills_issue_bulk``:
   COPY on PostgreSQL, ``bulk_create`` elsewhere, payment codes from one block of payments' one
   code counter), and the TaxBill links follow, in one transaction per batch.

Lines, description and expiry come from ``lines`` — the same builder as a single bill
(``services.vehicle_bill_issue``), so a vehicle's annual bill reads exactly like one issued online.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from balai.accounts.models import CitizenProfile, IdentityLevel
from balai.core import audit
from balai.core.nik import JATIM
from balai.payments.bulk import BulkBill, bills_issue_bulk, copy_rows
from balai.payments.models import Beneficiary
from balai.regions.models import Region

from . import engine, lines
from .models import TaxBill, Vehicle, address_key
from .rules import rules_load
from .services import BILL_KIND

# --- annual assessment -------------------------------------------------------------------------

@dataclass
class RunReport:
    month: str
    billed: int = 0
    skipped: int = 0
    total: int = 0
    lines: int = 0


def _month_bounds(month: str) -> tuple[date, date]:
    start = date.fromisoformat(f"{month}-01")
    return start, engine.add_months(start, 1) - timedelta(days=1)


def _occurrence(due: date, month_start: date) -> date:
    """The anniversary of ``due`` in the month being billed."""
    return engine.add_years(due, month_start.year - due.year)


_SELECT = """
SELECT v.id, v.plate, v.category, v.cc, v.use, v.njkb, v.make, v.model, v.year, v.owner_nik, v.owner_name,
       v.owner_address_key, v.owned_since, v.regency_code, v.due_date, v.stnk_valid_until
FROM vehicles_vehicle v
WHERE v.id > %s AND v.status = 'active' AND v.due_date <= %s AND {month_expr} = %s
  AND NOT EXISTS (SELECT 1 FROM vehicles_vehicleblock b WHERE b.vehicle_id = v.id AND b.lifted_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM vehicles_taxbill t WHERE t.vehicle_id = v.id AND t.last_due >= %s)
  {part}
ORDER BY v.id LIMIT %s
"""


def _select_batch(after: int, start: date, end: date, size: int, part: tuple[int, int] = (0, 1)) -> list[tuple]:
    month_expr = ("EXTRACT(MONTH FROM v.due_date)::int" if connection.vendor == "postgresql"
                  else "CAST(strftime('%%m', v.due_date) AS INTEGER)")
    index, parts = part
    where, extra = ("AND v.id %% %s = %s", [parts, index]) if parts > 1 else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(_SELECT.format(month_expr=month_expr, part=where), [after, end, start.month, start, *extra, size])
        return cursor.fetchall()


def _orders(rows: list[tuple], rules: engine.RuleSet) -> dict[int, int]:
    """Ownership order of the batch's progressive vehicles, from all the owners' vehicles, with the
    progressive threshold in force on each vehicle's due date (as selectors.ownership_order)."""
    def progressive(category: str, cc: int, use: str, threshold: int) -> bool:
        return engine.is_progressive(engine.VehicleFacts(category=category, cc=cc, use=use, njkb=0), threshold)

    by_threshold: dict[int, list[tuple]] = defaultdict(list)
    for r in rows:
        by_threshold[engine.progressive_threshold(rules, r[14])].append(r)
    orders = {}
    for threshold, part in by_threshold.items():
        owners = {(r[9], r[11]) for r in part if progressive(r[2], r[3], r[4], threshold)}
        if not owners:
            continue
        wanted = {r[0] for r in part}
        niks = sorted({nik for nik, _ in owners})
        by_owner: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        for pk, nik, key, category, cc, use, since in (
                Vehicle.objects.filter(owner_nik__in=niks, status="active", use="private")
                .values_list("id", "owner_nik", "owner_address_key", "category", "cc", "use", "owned_since")):
            if (nik, key) in owners and progressive(category, cc, use, threshold):
                by_owner[(nik, key)].append((since, pk))
        for vehicles in by_owner.values():
            for index, (_since, pk) in enumerate(sorted(vehicles), start=1):
                if pk in wanted:
                    orders[pk] = index
    return orders


def assess_due_month(month: str, *, batch_size: int = 10_000, today: date | None = None,
                     advance: Callable[[int], None] = lambda n: None, limit: int | None = None,
                     workers: int = 1) -> RunReport:
    """Bill every vehicle due in ``month`` ("YYYY-MM"). Resumable: re-running bills only the rest.

    ``workers`` > 1 (PostgreSQL): that many processes, each taking the vehicles whose id falls in
    its residue class, so the rule engine of one runs while PostgreSQL loads the other's rows."""
    if workers > 1 and limit is None and connection.vendor == "postgresql":
        return _assess_parallel(month, batch_size=batch_size, today=today, advance=advance, workers=workers)
    return _assess_part(month, batch_size=batch_size, today=today, advance=advance, limit=limit, part=(0, 1))


def _assess_parallel(month: str, *, batch_size: int, today: date | None, advance: Callable[[int], None],
                     workers: int) -> RunReport:
    import multiprocessing
    import queue as queues

    from django.db import connections

    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    processes = [context.Process(target=_part_main, args=(month, batch_size, today, (k, workers), messages),
                                 name=f"assess-{month}-{k}") for k in range(workers)]
    for process in processes:
        process.start()
    report = RunReport(month=month)
    finished: set[int] = set()
    failures: list[str] = []
    while len(finished) < workers:
        try:
            kind, index, value = messages.get(timeout=1.0)
        except queues.Empty:
            for k, process in enumerate(processes):
                if k not in finished and not process.is_alive() and messages.empty():
                    finished.add(k)
                    failures.append(f"part {k} exited with {process.exitcode} without a report")
            continue
        if kind == "advance":
            advance(value)
        else:
            finished.add(index)
            if kind == "error":
                failures.append(f"part {index}: {value}")
            else:
                for name in ("billed", "skipped", "total", "lines"):
                    setattr(report, name, getattr(report, name) + value[name])
    for process in processes:
        process.join()
    if failures:  # what the other parts billed is committed; a re-run bills the rest
        raise RuntimeError("annual assessment incomplete: " + "; ".join(failures))
    return report


def _forget_inherited_connections() -> None:
    """In a forked child: drop the parent's connection wrappers without touching their sockets.

    A socket still open in the parent at fork time would otherwise be shared by every child, and
    their queries' replies interleave (one CI run read another part's rows). psycopg never
    finishes a connection from a process other than the one that opened it, so dropping the
    wrapper neither closes nor disturbs the parent's session; the next query here connects anew."""
    import contextlib

    from django.db import connections

    for alias in connections:
        with contextlib.suppress(AttributeError):  # never used in the parent: nothing inherited
            del connections[alias]


def _part_main(month, batch_size, today, part, messages) -> None:  # pragma: no cover - a child process
    from django.db import connections

    _forget_inherited_connections()
    try:
        report = _assess_part(month, batch_size=batch_size, today=today, part=part, limit=None,
                              advance=lambda n: messages.put(("advance", part[0], n)))
        messages.put(("report", part[0], {"billed": report.billed, "skipped": report.skipped,
                                          "total": report.total, "lines": report.lines}))
    except BaseException as exc:
        messages.put(("error", part[0], repr(exc)[:500]))
        raise
    finally:
        connections.close_all()


def _assess_part(month: str, *, batch_size: int, today: date | None, advance: Callable[[int], None],
                 limit: int | None, part: tuple[int, int]) -> RunReport:
    start, end = _month_bounds(month)
    today = today or timezone.localdate()
    rules = rules_load()
    beneficiaries = dict(Beneficiary.objects.values_list("code", "id"))
    regency_names = {code: name.title() for code, name in Region.objects.filter(
        level="regency", code__startswith=JATIM).values_list("code", "name")}
    report, after, postgres = RunReport(month=month), 0, connection.vendor == "postgresql"
    while limit is None or report.billed + report.skipped < limit:
        size = batch_size if limit is None else min(batch_size, limit - report.billed - report.skipped)
        rows = _select_batch(after, start, end, size, part)
        if not rows:
            break
        after = rows[-1][0]
        with transaction.atomic():
            billed, skipped, total, count = _bill_batch(rows, start=start, today=today, rules=rules,
                                                        beneficiaries=beneficiaries, regency_names=regency_names,
                                                        postgres=postgres)
            audit.record(action="vehicles.annual_batch_billed", object_type="annual_assessment", object_id=month,
                         data={"billed": billed, "skipped": skipped, "total": total, "last_vehicle": after})
        report.billed += billed
        report.skipped += skipped
        report.total += total
        report.lines += count
        advance(len(rows))
    return report


def _bill_batch(rows, *, start, today, rules, beneficiaries, regency_names, postgres):
    orders = _orders(rows, rules)
    # Bills show up only for an account verified for the owner's NIK (invariant 8; services._payer_for).
    payers = dict(CitizenProfile.objects.filter(nik__in={r[9] for r in rows}, identity_level=IdentityLevel.VERIFIED)
                  .values_list("nik", "user_id"))
    now = timezone.now()
    bills: list[BulkBill] = []
    links: list[tuple[int, engine.Assessment]] = []
    skipped = 0
    ends: dict[date, object] = {}  # end_of_day per distinct day (a few per batch)
    for (pk, plate, category, cc, use, njkb, _make, _model, _year, nik, name, _key, _since, regency, due,
         stnk) in rows:
        occurrence = _occurrence(due, start)
        if njkb is None or stnk <= occurrence:
            skipped += 1  # unknown NJKB (price list) or the 5-yearly renewal: billed at the Samsat
            continue
        facts = engine.VehicleFacts(category=category, cc=cc, use=use, njkb=njkb, ownership_order=orders.get(pk, 1),
                                    regency_code=regency)
        pay_date = max(occurrence, today)  # the amount if paid on time
        assessment = engine.assess(facts, due_date=due, pay_date=pay_date, rules=rules)
        if not assessment.lines:
            skipped += 1
            continue
        total = assessment.total
        expires = lines.end_of_day(lines.amount_valid_through(facts, due_date=due, pay_date=pay_date, total=total,
                                                              rules=rules), ends)
        bills.append(BulkBill(
            kind=BILL_KIND, subject_type="vehicle", subject_id=str(pk), payer_id=payers.get(nik), payer_name=name,
            description=lines.bill_description(plate, assessment), regency_code=regency,
            period=lines.bill_years(assessment), expires_at=expires, event_data={"source": "annual"},
            lines=lines.bill_lines(assessment, beneficiaries=beneficiaries,
                                   regency_name=regency_names.get(regency, ""))))
        links.append((pk, assessment))
    if not bills:
        return 0, skipped, 0, 0
    ids = bills_issue_bulk(bills, now=now)
    link_rows = [(bid, pk, a.due_dates[0], a.due_dates[-1], today, a.total, TaxBill.Source.ANNUAL, now)
                 for bid, (pk, a) in zip(ids, links, strict=True)]
    names = ["bill_id", "vehicle_id", "first_due", "last_due", "assessed_on", "total", "source", "created_at"]
    if postgres:
        copy_rows(TaxBill, names, link_rows)
    else:
        TaxBill.objects.bulk_create([TaxBill(**dict(zip(names, row, strict=True))) for row in link_rows])
    return len(bills), skipped, sum(b.total for b in bills), sum(len(b.lines) for b in bills)


# --- synthetic fleet -----------------------------------------------------------------------------

FLEET_CHASSIS_PREFIX = "FLT"
# (make, model, category, cc, new price) — plausible Indonesian market prices, for synthetic data only.
MODELS = {
    "motorcycle": [("Honda", "Beat", 110, 18_000_000), ("Honda", "Vario 125", 125, 23_000_000),
                   ("Yamaha", "NMAX 155", 155, 32_000_000), ("Honda", "PCX 160", 160, 34_000_000),
                   ("Yamaha", "Mio M3", 125, 17_000_000), ("Suzuki", "Satria F150", 150, 28_000_000),
                   ("Kawasaki", "Ninja 250", 250, 70_000_000), ("Kawasaki", "Ninja ZX-4R", 399, 160_000_000)],
    "tricycle": [("Viar", "Karya 150", 150, 30_000_000)],
    "minibus": [("Toyota", "Avanza 1.3 G", 1329, 230_000_000), ("Daihatsu", "Xenia 1.3", 1329, 220_000_000),
                ("Honda", "Brio Satya", 1199, 165_000_000), ("Mitsubishi", "Xpander", 1499, 270_000_000)],
    "sedan": [("Toyota", "Vios", 1496, 320_000_000), ("Honda", "City", 1498, 340_000_000)],
    "jeep": [("Toyota", "Fortuner 2.4", 2393, 560_000_000), ("Suzuki", "Jimny", 1462, 460_000_000)],
    "pickup": [("Suzuki", "Carry Pick Up", 1462, 160_000_000), ("Mitsubishi", "L300", 2268, 250_000_000)],
    "light_truck": [("Mitsubishi", "Colt Diesel FE 71", 3908, 400_000_000)],
    "truck": [("Hino", "Ranger FM", 7684, 1_100_000_000)],
    "bus": [("Isuzu", "Elf NLR Minibus", 2999, 500_000_000)],
}
CATEGORY_WEIGHTS = [("motorcycle", 850), ("tricycle", 5), ("minibus", 70), ("sedan", 10), ("jeep", 12),
                    ("pickup", 35), ("light_truck", 9), ("truck", 6), ("bus", 3)]
# Registered vehicles are spread over the regencies roughly like the population (Surabaya, Malang…).
REGENCY_AREA = {"3578": "L", "3515": "W", "3525": "W", "3507": "N", "3573": "N", "3509": "P", "3510": "P",
                "3522": "S", "3524": "S", "3506": "AG", "3571": "AG", "3519": "AE", "3577": "AE", "3526": "M",
                "3529": "M"}
REGENCY_WEIGHTS = [("3578", 20), ("3515", 12), ("3525", 8), ("3507", 12), ("3573", 6), ("3509", 10), ("3510", 8),
                   ("3522", 6), ("3524", 6), ("3506", 7), ("3571", 2), ("3519", 4), ("3577", 2), ("3526", 5),
                   ("3529", 4)]
COLOURS = ["Hitam", "Putih", "Merah", "Silver", "Biru", "Abu-abu"]
STREETS = ["Jl. Merdeka", "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. Pahlawan", "Jl. Kenanga", "Jl. Melati",
           "Jl. Raya Darmo", "Jl. Sudirman"]
NAMES = ["Siti", "Budi", "Agus", "Dewi", "Sri", "Bambang", "Rina", "Eko", "Wahyu", "Nur", "Ahmad", "Putri"]


def _suffix(index: int) -> str:
    """Three letters (AAA…ZZZ): never the one- or two-letter suffixes of demo and test plates."""
    a, rest = divmod(index % 17_576, 676)
    b, c = divmod(rest, 26)
    return chr(65 + a) + chr(65 + b) + chr(65 + c)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def fleet_rows(start: int, count: int, *, seed: int = 7, today: date | None = None,
               due_month: str | None = None) -> Iterable[dict]:
    """Deterministic synthetic vehicles ``start`` … ``start + count - 1`` (same index → same vehicle)."""
    today = today or timezone.localdate()
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)
        # Owners: runs of 1–4 consecutive vehicles share an owner, so some own several cars.
        owner_index = i // 2 if rng.random() < 0.7 else i // 4
        orng = random.Random(seed * 7_919 + owner_index)
        regency = _weighted(orng, REGENCY_WEIGHTS)
        nik = f"{regency}{orng.randrange(10, 99)}{orng.randrange(1, 28):02d}{orng.randrange(1, 12):02d}" \
              f"{orng.randrange(60, 99)}{(owner_index % 9999) + 1:04d}"
        address = f"{orng.choice(STREETS)} No. {orng.randrange(1, 200)}, RT {orng.randrange(1, 15)}/RW {orng.randrange(1, 9)}"
        category = _weighted(rng, CATEGORY_WEIGHTS)
        make, model, cc, price = rng.choice(MODELS[category])
        year = today.year - rng.randrange(0, 12)
        njkb = price * (100 - 6 * (today.year - year)) // 100 // 1000 * 1000  # straight-line wear, whole thousands
        arrears = rng.choices([0, 1, 2, 3], weights=[80, 12, 5, 3])[0]
        if due_month:
            month_start = date.fromisoformat(f"{due_month}-01")
            due = date(month_start.year - arrears, month_start.month, rng.randrange(1, 29))
        else:
            due = today + timedelta(days=rng.randrange(-30, 335)) - timedelta(days=365 * arrears)
        owned_since = date(max(year, due.year - 4), due.month, min(due.day, 28))
        # STNK runs 5 years; ~4 % reach their 5-yearly renewal on this year's due date.
        this_due = engine.add_years(due, arrears)
        stnk = this_due if rng.random() < 0.04 else engine.add_years(this_due, rng.randrange(1, 5))
        plate = f"{REGENCY_AREA[regency]}{i % 9999 + 1}{_suffix(i // 9999)}"
        yield {
            "plate": plate, "chassis_number": f"{FLEET_CHASSIS_PREFIX}{i:014d}", "engine_number": f"E{i:011d}",
            "category": category, "cc": cc, "make": make, "model": model, "year": year,
            "colour": rng.choice(COLOURS), "use": "public_transport" if category == "bus" else "private",
            "njkb": njkb, "owner_nik": nik, "owner_name": f"{orng.choice(NAMES)} {orng.choice(NAMES)}",
            "owner_address": address, "owner_address_key": address_key(address), "owned_since": owned_since,
            "regency_code": regency, "stnk_valid_until": stnk, "due_date": due, "status": "active",
        }


FLEET_COLUMNS = ["plate", "chassis_number", "engine_number", "category", "cc", "make", "model", "year", "colour",
                 "use", "njkb", "owner_nik", "owner_name", "owner_address", "owner_address_key", "owned_since",
                 "regency_code", "stnk_valid_until", "due_date", "status"]


def fleet_generate(count: int, *, batch_size: int = 20_000, seed: int = 7, due_month: str | None = None,
                   advance: Callable[[int], None] = lambda n: None) -> tuple[int, int]:
    """Add ``count`` synthetic vehicles after those already generated (re-runnable). Returns
    (first index, count)."""
    start = Vehicle.objects.filter(chassis_number__startswith=FLEET_CHASSIS_PREFIX).count()
    done = 0
    while done < count:
        n = min(batch_size, count - done)
        rows = list(fleet_rows(start + done, n, seed=seed, due_month=due_month))
        with transaction.atomic():
            if connection.vendor == "postgresql":
                now = timezone.now()
                copy_rows(Vehicle, [*FLEET_COLUMNS, "created_at", "updated_at"],
                          (tuple(r[c] for c in FLEET_COLUMNS) + (now, now) for r in rows))
            else:
                Vehicle.objects.bulk_create([Vehicle(**r) for r in rows], batch_size=2000)
        done += n
        advance(n)
    return start, count
