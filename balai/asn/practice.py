"""The practice desk: synthetic cases made from the real catalogue (a service's name and its
requirements), decided on a desk that looks like the real one, scored on the decision and time.

Isolation (ARCHITECTURE invariant 10) is by construction: a practice case is a ``PracticeCase``
row of this app, never a ``cases.Application``; nothing here writes to the case engine, the
outbox, notifications or the audit log (passing the track records the person's JP — their own
training record — like any course). Every action names a practice case of the caller's own run;
anything else (another person's practice case, a real tracking number) is refused with 403 by
this service layer, whatever the page shows.
"""

from __future__ import annotations

import random
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from balai.cases.models import Requirement
from balai.cases.selectors import current_version

from . import conf
from .models import CompletionKind, Decision, PracticeCase, PracticeRun, Scenario
from .services import AsnError
from .training import completion_record

PRACTICE_TITLE = "Jalur latihan meja layanan digital"
SERVICE_OF: dict[str, str] = {Scenario.INCOMPLETE_KK: "kk-perubahan-data", Scenario.LATE_BIRTH: "akta-kelahiran",
              Scenario.DUPLICATE: "ktp-el-baru", Scenario.WRONG_ATTACHMENT: "kk-hilang-rusak"}
NAMES = ["Siti Aminah", "Ahmad Fauzi", "Dewi Sartika Rahayu", "Bambang Sugiarto", "Nur Hidayati", "Eko Prasetyo",
         "Rina Wulandari", "Moch. Ilham", "Yuliana Putri", "Agus Salim"]
PLACES = ["Kota Surabaya", "Kabupaten Sidoarjo", "Kabupaten Gresik", "Kota Malang", "Kabupaten Jember"]


class PracticeRefused(AsnError):
    status_code = 403
    default_code = "practice_only"
    default_message = _("Tindakan latihan hanya berlaku untuk berkas latihan Anda sendiri.")


def _requirements(service_code: str) -> tuple[str, list[Requirement]]:
    try:
        version = current_version(service_code)
    except Exception as exc:  # Http404: the catalogue lacks the service
        raise AsnError("practice_unavailable", _("Layanan untuk latihan belum ada di katalog."),
                       status_code=409) from exc
    requirements = list(Requirement.objects.filter(service_version=version).order_by("order", "id"))
    return version.name_id, requirements


def _file(req: Requirement, shows: str = "") -> dict:
    return {"code": req.code, "name": req.name, "required": req.required and req.alternative_of_id is None,
            "file": f"{req.code}.pdf", "shows": shows or req.name, "problem": ""}


def _build(scenario: str, rng: random.Random) -> dict:
    name, requirements = _requirements(SERVICE_OF[scenario])
    primary = [r for r in requirements if r.alternative_of_id is None]
    applicant = rng.choice(NAMES)
    place = rng.choice(PLACES)
    files = [_file(r) for r in primary if r.required] or [_file(primary[0])]
    facts: list[list] = [[N_("Alamat"), place, None]]
    expected, flag = Decision.APPROVE, ""
    if scenario == Scenario.INCOMPLETE_KK:
        missing = files[0]
        missing.update(file="", shows="", problem="missing")
        facts.append([N_("Data yang berubah"), N_("Status perkawinan: belum kawin → kawin"), {}])
        expected, flag = Decision.RETURN, missing["code"]
    elif scenario == Scenario.LATE_BIRTH:
        days = rng.randint(75, 400)
        facts.append([N_("Tanggal lahir anak"), N_("%(days)d hari sebelum permohonan"), {"days": days}])
        facts.append([N_("Catatan"), N_("Dilaporkan lewat 60 hari: pencatatan terlambat."), {}])
    elif scenario == Scenario.DUPLICATE:
        facts.append([N_("Pemeriksaan data ganda"),
                      N_("Ditemukan penduduk dengan nama, tanggal lahir, dan nama ibu kandung yang sama, "
                         "ber-NIK lain (35••••••••••0417) dan sudah memiliki KTP-el."), {}])
        expected = Decision.REJECT
    else:
        wrong = files[-1] if len(files) > 1 else files[0]
        others = [r for r in requirements if r.code != wrong["code"]]
        wrong.update(shows=others[0].name if others else "KTP-el", problem="wrong")
        facts.append([N_("Alasan"), N_("KK hilang"), {}])
        expected, flag = Decision.RETURN, wrong["code"]
    return {"scenario": scenario, "service_code": SERVICE_OF[scenario], "service_name": name,
            "applicant": applicant, "facts": facts, "requirements": files, "expected_decision": expected,
            "expected_requirement": flag}


def run_start(*, user, seed: int | None = None) -> PracticeRun:
    """A new run of four synthetic cases, one per scenario, in random order."""
    rng = random.Random(seed)
    scenarios = list(Scenario.values)
    rng.shuffle(scenarios)
    specs = [_build(s, rng) for s in scenarios]
    with transaction.atomic():
        run = PracticeRun.objects.create(user=user)
        for position, spec in enumerate(specs, start=1):
            PracticeCase.objects.create(run=run, position=position, **spec)
    return run


def case_for(user, reference) -> PracticeCase:
    """The caller's own practice case named by ``reference`` (its id or ``LATIHAN-…``); 403 for
    anything else — above all a real case's tracking number."""
    text = str(reference)
    found = None
    parts = text.split("-")
    if len(parts) == 3 and parts[0] == "LATIHAN" and parts[1].isdigit() and parts[2].isdigit():
        found = PracticeCase.objects.filter(run_id=int(parts[1]), position=int(parts[2])).first()
    elif text.isdigit():
        found = PracticeCase.objects.filter(pk=int(text)).first()
    if found is None or found.run.user_id != user.pk:
        raise PracticeRefused()
    return found


def case_open(*, user, reference) -> PracticeCase:
    case = case_for(user, reference)
    if case.opened_at is None:
        PracticeCase.objects.filter(pk=case.pk, opened_at__isnull=True).update(opened_at=timezone.now())
        case.refresh_from_db()
    return case


def case_decide(*, user, reference, decision: str, requirement: str = "",
                now: datetime | None = None) -> PracticeCase:
    """Record the decision on one practice case (once), score it, and close the run when its last
    case is decided (passing records the practice JP)."""
    now = now or timezone.now()
    if decision not in Decision.values:
        raise AsnError("invalid_decision", _("Pilih keputusan."), fields={"decision": [str(_("Pilih keputusan."))]})
    with transaction.atomic():
        case = case_for(user, reference)
        case = PracticeCase.objects.select_for_update().select_related("run").get(pk=case.pk)
        if case.decided_at is not None:
            return case
        opened = case.opened_at or now
        case.decision, case.flagged_requirement, case.decided_at = decision, requirement[:40], now
        case.seconds = max(0, int((now - opened).total_seconds()))
        case.correct = decision == case.expected_decision and (
            not case.expected_requirement or requirement == case.expected_requirement)
        case.save(update_fields=["decision", "flagged_requirement", "decided_at", "seconds", "correct"])
        _maybe_finish(case.run, now)
    return case


def _maybe_finish(run: PracticeRun, now: datetime) -> None:
    cases = list(run.cases.all())
    if any(c.decided_at is None for c in cases) or run.finished_at is not None:
        return
    limit = conf.practice_case_seconds()
    good = sum(1 for c in cases if c.correct and (c.seconds or 0) <= limit)
    run.score = good * 100 // len(cases)
    run.passed = run.score >= conf.practice_pass_percent()
    run.finished_at = now
    run.save(update_fields=["score", "passed", "finished_at"])
    if run.passed:
        completion_record(user=run.user, kind=CompletionKind.PRACTICE, title=PRACTICE_TITLE,
                          jp=conf.practice_jp(), when=now)


def current_run(user) -> PracticeRun | None:
    return PracticeRun.objects.filter(user=user).order_by("-started_at", "-id").first()


def passed_track(user, year: int) -> bool:
    return PracticeRun.objects.filter(user=user, passed=True, finished_at__year=year).exists()
