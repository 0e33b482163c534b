"""Reads of the asn app: training progress, the person's rule results, certificates. Fluency
figures per unit are in ``fluency.py`` (``unit_fluency`` is re-exported here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.utils import timezone

from balai.documents.models import Document, Status

from . import engine
from .models import (
    AsnProfile,
    Completion,
    CompletionKind,
    Course,
    PracticeRun,
    PromotionProposal,
    QuizAttempt,
    RetirementFile,
)
from .rules import rules_load


@dataclass(frozen=True)
class JpProgress:
    year: int
    earned: int
    required: int

    @property
    def percent(self) -> int:
        return min(100, self.earned * 100 // self.required) if self.required else 100

    @property
    def met(self) -> bool:
        return self.earned >= self.required


def jp_progress(user, year: int | None = None) -> JpProgress:
    year = year or timezone.localdate().year
    earned = Completion.objects.filter(user=user, year=year).aggregate(total=Sum("jp"))["total"] or 0
    return JpProgress(year=year, earned=earned, required=engine.jp_required(rules_load(), year))


def courses_with_status(user, year: int | None = None) -> list[dict]:
    year = year or timezone.localdate().year
    done = {c.course_id: c for c in Completion.objects.filter(user=user, year=year, kind=CompletionKind.COURSE)}
    return [{"course": course, "completion": done.get(course.pk)}
            for course in Course.objects.filter(is_active=True)]


def active_course(code: str) -> Course | None:
    return Course.objects.filter(code=code, is_active=True).prefetch_related("lessons", "questions__choices").first()


def last_attempt(user, course: Course) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(user=user, course=course, submitted_at__isnull=False).order_by(
        "-submitted_at").first()


def certificates(user) -> list[dict]:
    """The user's completions with their valid certificate (None until the outbox has issued it)."""
    completions = list(Completion.objects.filter(user=user).order_by("-completed_at"))
    documents = {d.subject_id: d for d in Document.objects.filter(
        subject_type="asn.completion", subject_id__in=[str(c.pk) for c in completions], status=Status.VALID)}
    return [{"completion": c, "document": documents.get(str(c.pk))} for c in completions]


@dataclass(frozen=True)
class ProfileFacts:
    profile: AsnProfile
    retirement: engine.Retirement | None
    promotion: engine.Promotion | None
    next_rank: str | None


def profile_facts(profile: AsnProfile, today: date | None = None) -> ProfileFacts:
    from .models import RANK_ORDER

    rules = rules_load()
    today = today or timezone.localdate()
    try:
        retirement = engine.retirement(rules, birth_date=profile.birth_date, position_type=profile.position_type,
                                       functional_level=profile.functional_level)
    except engine.RuleError:
        retirement = None
    try:
        promotion = engine.promotion(rules, rank_tmt=profile.rank_tmt,
                                     ratings=(profile.skp_last, profile.skp_previous), today=today)
    except engine.RuleError:
        promotion = None
    return ProfileFacts(profile, retirement, promotion, engine.next_rank(profile.rank, RANK_ORDER))


def unit_fluency(unit: str, *, year: int | None = None, today: date | None = None, per_officer: bool = False):
    from .fluency import unit_fluency as compute

    return compute(unit, year=year, today=today, per_officer=per_officer)


def supervisor_may_read_certificate(user, subject_id: str) -> bool:
    """Documents' staff scope of certificates: a supervisor of the holder's unit."""
    completion = Completion.objects.select_related("user__staff").filter(pk=subject_id).first() \
        if str(subject_id).isdigit() else None
    if completion is None or user.role != "supervisor":
        return False
    holder = getattr(completion.user, "staff", None)
    mine = getattr(user, "staff", None)
    return holder is not None and mine is not None and holder.unit == mine.unit


def units_with_asn() -> list[str]:
    """The units that have ASN profiles (for dashboards listing ``unit_fluency`` per unit)."""
    return sorted(u for u in AsnProfile.objects.values_list("user__staff__unit", flat=True).distinct() if u)


def personal_data(user) -> dict | None:
    """The officer's ASN record for the UU PDP export: the HR profile, promotion and retirement
    files (without who proposed them), training completions, quiz attempts and practice runs
    (their own decisions, not the invented applicants of the practice cases). ``None`` for
    someone with no ASN profile and no training record (every citizen)."""
    def iso(value) -> str | None:
        return value.isoformat() if value else None

    profile = AsnProfile.objects.filter(user=user).first()
    completions = Completion.objects.filter(user=user).order_by("completed_at", "id")
    attempts = QuizAttempt.objects.filter(user=user).select_related("course").order_by("started_at", "id")
    runs = PracticeRun.objects.filter(user=user).prefetch_related("cases").order_by("started_at", "id")
    if profile is None and not (completions.exists() or attempts.exists() or runs.exists()):
        return None
    retirement = (RetirementFile.objects.select_related("application").filter(profile=profile).first()
                  if profile else None)
    promotions = (PromotionProposal.objects.select_related("application").filter(profile=profile).order_by("period")
                  if profile else [])
    return {
        "profile": None if profile is None else {
            "nip": profile.nip, "kind": profile.kind, "position_type": profile.position_type,
            "functional_level": profile.functional_level, "position_name": profile.position_name,
            "unit": profile.unit, "rank": profile.rank, "rank_tmt": iso(profile.rank_tmt),
            "birth_date": iso(profile.birth_date), "education": profile.education, "skp_last": profile.skp_last,
            "skp_previous": profile.skp_previous, "is_hr_officer": profile.is_hr_officer,
            "nip_warnings": profile.nip_warnings, "updated_at": iso(profile.updated_at)},
        "promotions": [{
            "period": iso(p.period), "from_rank": p.from_rank, "to_rank": p.to_rank,
            "application": p.application.tracking_number, "state": p.application.state,
            "created_at": iso(p.created_at), "completed_at": iso(p.application.closed_at),
        } for p in promotions],
        "retirement": None if retirement is None else {
            "retirement_age": retirement.retirement_age, "tmt": iso(retirement.tmt),
            "application": retirement.application.tracking_number, "state": retirement.application.state,
            "opened_at": iso(retirement.opened_at), "completed_at": iso(retirement.application.closed_at)},
        "completions": [{"kind": c.kind, "title": c.title, "jp": c.jp, "year": c.year,
                         "completed_at": iso(c.completed_at)} for c in completions],
        "quiz_attempts": [{
            "course": a.course.code, "started_at": iso(a.started_at), "deadline": iso(a.deadline),
            "submitted_at": iso(a.submitted_at), "answers": a.answers, "score": a.score, "passed": a.passed,
            "counted": a.counted,
        } for a in attempts],
        "practice_runs": [{
            "started_at": iso(r.started_at), "finished_at": iso(r.finished_at), "score": r.score, "passed": r.passed,
            "cases": [{"reference": c.reference, "scenario": c.scenario, "service_code": c.service_code,
                       "decision": c.decision, "flagged_requirement": c.flagged_requirement,
                       "decided_at": iso(c.decided_at), "seconds": c.seconds, "correct": c.correct}
                      for c in sorted(r.cases.all(), key=lambda c: c.position)],
        } for r in runs],
    }
