"""Training writes: quiz attempts (timed), completions recorded as JP, certificates (signed PDF,
verifiable by QR, issued through the outbox after the commit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core import audit
from balai.documents.services import document_issue_async

from .models import Completion, CompletionKind, Course, QuizAttempt
from .services import AsnError

CERTIFICATE = "asn_certificate"
CERTIFICATE_SUBJECT = "asn.completion"
CERTIFICATE_TEMPLATE = "asn/pdf/certificate.html"
ISSUING_UNIT = "BKD Provinsi Jawa Timur"


def quiz_start(*, user, course: Course, now: datetime | None = None) -> QuizAttempt:
    """The open attempt of ``user`` (still within its time) or a new one; the clock starts here."""
    now = now or timezone.now()
    if not course.is_active:
        raise AsnError("course_inactive", _("Kursus ini tidak aktif."), status_code=404)
    open_attempt = (QuizAttempt.objects.filter(user=user, course=course, submitted_at__isnull=True,
                                               deadline__gte=now).order_by("-started_at").first())
    if open_attempt is not None:
        return open_attempt
    return QuizAttempt.objects.create(user=user, course=course, started_at=now,
                                      deadline=now + timedelta(minutes=course.time_limit_minutes))


def _score(course: Course, answers: dict[str, str]) -> int:
    questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        return 0
    right = 0
    for question in questions:
        correct = {str(c.pk) for c in question.choices.all() if c.is_correct}
        if str(answers.get(f"q{question.pk}", "")) in correct:
            right += 1
    return right * 100 // len(questions)


def quiz_submit(*, user, attempt_id: int, answers: dict[str, str], now: datetime | None = None) -> QuizAttempt:
    """Score an attempt once. Submitted after its deadline it is kept, scored, and not counted
    (no pass, no JP). A pass records the course's completion for the year (and its certificate)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().select_related("course").filter(pk=attempt_id).first()
        if attempt is None or attempt.user_id != user.pk:
            raise AsnError("not_found", _("Kuis tidak ditemukan."), status_code=404)
        if attempt.submitted_at is not None:
            return attempt
        attempt.submitted_at = now
        attempt.answers = {k: str(v) for k, v in answers.items()}
        attempt.score = _score(attempt.course, attempt.answers)
        attempt.counted = now <= attempt.deadline
        attempt.passed = attempt.counted and attempt.score >= attempt.course.pass_mark
        attempt.save(update_fields=["submitted_at", "answers", "score", "counted", "passed"])
        if attempt.passed:
            completion_record(user=user, kind=CompletionKind.COURSE, course=attempt.course,
                              title=attempt.course.title, jp=attempt.course.jp, when=now)
    return attempt


def completion_record(*, user, kind: str, title: str, jp: int, course: Course | None = None,
                      when: datetime | None = None) -> Completion:
    """Once per course (or the practice track) per person per year; its certificate is issued
    after the commit. Repeating it returns the existing completion."""
    when = when or timezone.now()
    year = timezone.localtime(when).year
    key = {"user": user, "kind": kind, "year": year, "course": course}
    existing = Completion.objects.filter(**key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            completion = Completion.objects.create(**key, title=title, jp=jp, completed_at=when)
    except IntegrityError:
        return Completion.objects.get(**key)
    audit.record(action="asn.completion", actor=user, object_type="asn_completion", object_id=completion.pk,
                 data={"kind": kind, "course": course.code if course else "", "jp": jp, "year": year})
    certificate_issue(completion)
    return completion


def certificate_issue(completion: Completion) -> None:
    user = completion.user
    profile = getattr(user, "asn", None)
    when = timezone.localtime(completion.completed_at)
    document_issue_async(
        doc_type=CERTIFICATE, subject_type=CERTIFICATE_SUBJECT, subject_id=str(completion.pk),
        template=CERTIFICATE_TEMPLATE, issuing_unit=ISSUING_UNIT, subject_name=user.full_name, owner=user,
        context={"name": user.full_name, "nip": profile.nip if profile else "", "title": completion.title,
                 "jp": completion.jp, "year": completion.year, "date": when.date().isoformat(),
                 "practice": completion.kind == CompletionKind.PRACTICE})
