"""Courses, timed quizzes, JP per year, certificates as signed documents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from balai.asn.models import Completion, Course
from balai.asn.selectors import certificates, jp_progress
from balai.asn.training import completion_record, quiz_start, quiz_submit

pytestmark = pytest.mark.django_db


def _right_answers(course: Course) -> dict[str, str]:
    return {f"q{q.pk}": str(q.choices.get(is_correct=True).pk) for q in course.questions.all()}


def test_four_courses_are_seeded_with_lessons_and_quizzes():
    courses = list(Course.objects.all())
    assert {c.code for c in courses} == {"meja-digital", "tte-verifikasi", "samsat-opop", "pelindungan-data-pribadi"}
    for course in courses:
        assert course.lessons.count() >= 3 and course.questions.count() >= 4 and course.jp > 0
        for question in course.questions.all():
            assert question.choices.filter(is_correct=True).count() == 1


def test_a_passed_quiz_records_the_course_jp_once_a_year(make_staff, django_capture_on_commit_callbacks):
    user = make_staff()
    course = Course.objects.get(code="meja-digital")
    attempt = quiz_start(user=user, course=course)
    with django_capture_on_commit_callbacks():
        result = quiz_submit(user=user, attempt_id=attempt.pk, answers=_right_answers(course))
    assert (result.score, result.passed, result.counted) == (100, True, True)
    again = quiz_start(user=user, course=course)
    quiz_submit(user=user, attempt_id=again.pk, answers=_right_answers(course))
    assert Completion.objects.filter(user=user).count() == 1
    progress = jp_progress(user)
    assert (progress.earned, progress.required, progress.met) == (course.jp, 20, False)


def test_a_quiz_submitted_after_its_time_limit_is_not_counted(make_staff):
    user = make_staff()
    course = Course.objects.get(code="tte-verifikasi")
    started = timezone.now() - timedelta(minutes=course.time_limit_minutes + 1)
    attempt = quiz_start(user=user, course=course, now=started)
    result = quiz_submit(user=user, attempt_id=attempt.pk, answers=_right_answers(course))
    assert result.score == 100 and not result.counted and not result.passed
    assert not Completion.objects.filter(user=user).exists()


def test_a_low_score_does_not_pass(make_staff):
    user = make_staff()
    course = Course.objects.get(code="samsat-opop")
    attempt = quiz_start(user=user, course=course)
    result = quiz_submit(user=user, attempt_id=attempt.pk, answers={})
    assert (result.score, result.passed) == (0, False)


def test_someone_elses_attempt_is_not_found(make_staff):
    owner, other = make_staff(), make_staff()
    attempt = quiz_start(user=owner, course=Course.objects.get(code="samsat-opop"))
    from balai.core.errors import DomainError

    with pytest.raises(DomainError):
        quiz_submit(user=other, attempt_id=attempt.pk, answers={})


def test_the_certificate_is_a_signed_document_verifiable_by_qr(make_staff, signing, django_capture_on_commit_callbacks):
    user = make_staff()
    with django_capture_on_commit_callbacks(execute=True):
        completion = completion_record(user=user, kind="course", course=Course.objects.get(code="meja-digital"),
                                       title="Memproses permohonan di meja layanan digital", jp=4)
    [row] = certificates(user)
    document = row["document"]
    assert row["completion"] == completion and document is not None
    assert document.doc_type == "asn_certificate" and document.owner == user and document.sha256
    from balai.documents.selectors import document_for_token
    from balai.documents.tokens import make_token

    assert document_for_token(make_token(document.pk)) == document
