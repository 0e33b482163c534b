"""Bulk paths: the annual assessment of every vehicle due in a month, and the synthetic fleet.

Annual assessment (``assess_due_month``), per batch of vehicles in id order (keyset):
1. one query selects the batch: active, due that month (arrears included: the first unpaid due
   date falls in that calendar month of an earlier year), not blocked, STNK still valid (the
   5-yearly renewal is not billed), and not billed yet for this month (so a run can be resumed);
2. one query each for the owners' progressive vehicles (ownership order, as
   ``selectors.ownership_order``) and for payer accounts by NIK;
3. the engine assesses each vehicle as of its due date (the amount if paid on time);
4. bills, lines, "bill.issued" events and TaxBill links are written with COPY on PostgreSQL
   (``bulk_create`` elsewhere), in one transaction per batch.

Payment codes of bulk bills: payments' per-bill code (an HMAC Feistel with cycle walking, ~0.9 ms
each here) would alone take 15 minutes for a million bills. Bulk bills draw numbers in blocks from
their own counter and permute them with a keyed 4-round Feistel (BLAKE2b, key derived from
NUMBERS_KEY) over 14 digits, plus a Damm check digit: 15 digits, so they can never collide with
payments' 14-digit codes, and a neighbour's code still cannot be guessed.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from balai.accounts.models import CitizenProfile
from balai.core import audit
from balai.core.numbers import damm_check_digit
from balai.payments.models import Beneficiary, Bill, BillEvent, BillLine
from balai.payments.states import BillStatus
from balai.regions.models import Region

from . import engine
from .models import TaxBill, Vehicle, address_key
from .rules import rules_load
from .services import BILL_KIND, TAX_HEADS

ANNUAL_CODE_KEY = "vehicles:annual_code"
_HALF = 10**7


# --- payment codes -----------------------------------------------------------------------------

class AnnualCodes:
    """15-digit kode bayar for bulk bills (module docstring)."""

    def __init__(self, key: str | None = None):
        secret = hmac.new((key or settings.NUMBERS_KEY).encode(), b"vehicles:annual_code", hashlib.sha256).digest()
        self._rounds = [hashlib.blake2b(key=secret, digest_size=8, person=b"round%d" % r) for r in range(4)]

    def code(self, n: int) -> str:
        left, right = divmod(n, _HALF)
        for base in self._rounds:
            h = base.copy()
            h.update(right.to_bytes(4, "little"))
            left, right = right, (left + int.from_bytes(h.digest(), "little")) % _HALF
        digits = f"{left * _HALF + right:014d}"
        return digits + damm_check_digit(digits)


def reserve_block(key: str, count: int) -> int:
    """Reserve ``count`` consecutive counter values; returns the first. One atomic statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_counter (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = core_counter.value + EXCLUDED.value RETURNING value",
            [key, count])
        return int(cursor.fetchone()[0]) - count + 1


# --- writing rows ------------------------------------------------------------------------------

def _copy(table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _next_ids(table: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "  # noqa: S608 - constant
                       "FROM generate_series(1, %s)", [count])
        return [row[0] for row in cursor.fetchall()]


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


def _orders(rows: list[tuple]) -> dict[int, int]:
    """Ownership order of the batch's progressive vehicles, from all the owners' vehicles."""
    def progressive(category: str, cc: int, use: str) -> bool:
        return engine.is_progressive(engine.VehicleFacts(category=category, cc=cc, use=use, njkb=0))

    owners = {(r[9], r[11]) for r in rows if progressive(r[2], r[3], r[4])}
    if not owners:
        return {}
    niks = sorted({nik for nik, _ in owners})
    by_owner: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for pk, nik, key, category, cc, use, since in (
            Vehicle.objects.filter(owner_nik__in=niks, status="active", use="private")
            .values_list("id", "owner_nik", "owner_address_key", "category", "cc", "use", "owned_since")):
        if (nik, key) in owners and progressive(category, cc, use):
            by_owner[(nik, key)].append((since, pk))
    orders = {}
    for vehicles in by_owner.values():
        for index, (_since, pk) in enumerate(sorted(vehicles), start=1):
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
    codes = AnnualCodes()
    beneficiaries = dict(Beneficiary.objects.values_list("code", "id"))
    regency_names = {code: name.title() for code, name in Region.objects.filter(
        level="regency", code__startswith="35").values_list("code", "name")}
    report, after, postgres = RunReport(month=month), 0, connection.vendor == "postgresql"
    while limit is None or report.billed + report.skipped < limit:
        size = batch_size if limit is None else min(batch_size, limit - report.billed - report.skipped)
        rows = _select_batch(after, start, end, size, part)
        if not rows:
            break
        after = rows[-1][0]
        with transaction.atomic():
            billed, skipped, total, lines = _bill_batch(rows, start=start, today=today, rules=rules, codes=codes,
                                                        beneficiaries=beneficiaries, regency_names=regency_names,
                                                        postgres=postgres)
            audit.record(action="vehicles.annual_batch_billed", object_type="annual_assessment", object_id=month,
                         data={"billed": billed, "skipped": skipped, "total": total, "last_vehicle": after})
        report.billed += billed
        report.skipped += skipped
        report.total += total
        report.lines += lines
        advance(len(rows))
    return report


def _bill_batch(rows, *, start, today, rules, codes, beneficiaries, regency_names, postgres):
    orders = _orders(rows)
    payers = dict(CitizenProfile.objects.filter(nik__in={r[9] for r in rows}).values_list("nik", "user_id"))
    now = timezone.now()
    province, jasa_raharja = beneficiaries[engine.PROVINCE], beneficiaries[engine.JASA_RAHARJA]
    prepared = []
    skipped = 0
    for (pk, plate, category, cc, use, njkb, _make, _model, _year, nik, name, _key, _since, regency, due,
         stnk) in rows:
        occurrence = _occurrence(due, start)
        if njkb is None or stnk <= occurrence:
            skipped += 1  # unknown NJKB (price list) or the 5-yearly renewal: billed at the Samsat
            continue
        facts = engine.VehicleFacts(category=category, cc=cc, use=use, njkb=njkb, ownership_order=orders.get(pk, 1),
                                    regency_code=regency)
        pay_date = max(occurrence, today)
        assessment = engine.assess(facts, due_date=due, pay_date=pay_date, rules=rules)
        if not assessment.lines:
            skipped += 1
            continue
        prepared.append((pk, plate, nik, name, regency, due, occurrence, pay_date, assessment))
    if not prepared:
        return 0, skipped, 0, 0
    first_n = reserve_block(ANNUAL_CODE_KEY, len(prepared))
    bill_rows, line_specs, ends = [], [], {}
    for offset, (pk, plate, nik, name, regency, _due, _occurrence_day, pay_date, assessment) in enumerate(prepared):
        first, last = assessment.due_dates[0].year, assessment.due_dates[-1].year
        years = f"{first}" if first == last else f"{first}–{last}"
        expires = ends.get(pay_date)
        if expires is None:  # a few distinct days per batch; make_aware is slow (asgiref's Local)
            expires = ends[pay_date] = timezone.make_aware(datetime.combine(pay_date, time(23, 59, 59)))
        bill_rows.append((codes.code(first_n + offset), f"PKB {plate} {years}"[:200], payers.get(nik), name[:150],
                          regency, assessment.total, expires, years, str(pk)))
        opsen_to = beneficiaries[f"RKUD-{regency}"]
        place = regency_names.get(regency, "")
        specs = []
        for line in assessment.lines:
            label = line.label
            if line.beneficiary == engine.PROVINCE:
                owner = province
            elif line.beneficiary == engine.JASA_RAHARJA:
                owner = jasa_raharja
            else:
                owner, label = opsen_to, f"{label} {place}"
            specs.append((TAX_HEADS[line.code], f"{label} {line.tax_year}", line.amount, owner))
        line_specs.append((pk, assessment, specs))
    total = sum(r[5] for r in bill_rows)
    count_lines = sum(len(s) for _, _, s in line_specs)
    if postgres:
        ids = _next_ids("payments_bill", len(bill_rows))
        _copy("payments_bill", ["id", "payment_code", "kind", "subject_type", "subject_id", "period", "description",
                                "payer_id", "payer_name", "regency_code", "total", "status", "issued_at",
                                "expires_at"],
              ((bid, code, BILL_KIND, "vehicle", sid, period, desc, payer, name, regency, amount, BillStatus.OPEN,
                now, expires) for bid, (code, desc, payer, name, regency, amount, expires, period, sid)
               in zip(ids, bill_rows, strict=True)))
        _copy("payments_billline", ["bill_id", "position", "tax_head", "label", "amount", "beneficiary_id"],
              ((bid, position, head, label, amount, owner) for bid, (_, _, specs) in zip(ids, line_specs, strict=True)
               for position, (head, label, amount, owner) in enumerate(specs, start=1)))
        _copy("payments_billevent", ["bill_id", "kind", "reason", "data", "created_at"],
              ((bid, "bill.issued", "", f'{{"total": {row[5]}, "source": "annual"}}', now)
               for bid, row in zip(ids, bill_rows, strict=True)))
        _copy("vehicles_taxbill", ["bill_id", "vehicle_id", "first_due", "last_due", "assessed_on", "total", "source",
                                   "created_at"],
              ((bid, pk, a.due_dates[0], a.due_dates[-1], today, a.total, TaxBill.Source.ANNUAL, now)
               for bid, (pk, a, _) in zip(ids, line_specs, strict=True)))
    else:
        bills = Bill.objects.bulk_create([
            Bill(payment_code=code, kind=BILL_KIND, subject_type="vehicle", subject_id=sid, period=period,
                 description=desc, payer_id=payer, payer_name=name, regency_code=regency, total=amount,
                 status=BillStatus.OPEN, issued_at=now, expires_at=expires)
            for code, desc, payer, name, regency, amount, expires, period, sid in bill_rows])
        BillLine.objects.bulk_create([
            BillLine(bill=bill, position=position, tax_head=head, label=label, amount=amount, beneficiary_id=owner)
            for bill, (_, _, specs) in zip(bills, line_specs, strict=True)
            for position, (head, label, amount, owner) in enumerate(specs, start=1)])
        BillEvent.objects.bulk_create([BillEvent(bill=bill, kind="bill.issued", data={"total": bill.total,
                                                                                    "source": "annual"},
                                                 created_at=now) for bill in bills])
        TaxBill.objects.bulk_create([
            TaxBill(bill=bill, vehicle_id=pk, first_due=a.due_dates[0], last_due=a.due_dates[-1], assessed_on=today,
                    total=a.total, source=TaxBill.Source.ANNUAL, created_at=now)
            for bill, (pk, a, _) in zip(bills, line_specs, strict=True)])
    return len(bill_rows), skipped, total, count_lines


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
                _copy("vehicles_vehicle", [*FLEET_COLUMNS, "created_at", "updated_at"],
                      (tuple(r[c] for c in FLEET_COLUMNS) + (now, now) for r in rows))
            else:
                Vehicle.objects.bulk_create([Vehicle(**r) for r in rows], batch_size=2000)
        done += n
        advance(n)
    return start, count
