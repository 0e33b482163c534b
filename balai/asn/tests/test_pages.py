"""The ASN pages through the real views: training, quiz (time limit), practice desk (403), fluency."""

from __future__ import annotations

from datetime import timedelta

import pytest

from balai.asn.models import Completion, Course, PracticeRun, QuizAttempt

pytestmark = pytest.mark.django_db


def _answers(course):
    return {f"q{q.pk}": str(q.choices.get(is_correct=True).pk) for q in course.questions.all()}


def test_an_officer_takes_a_course_and_the_supervisor_sees_the_unit(staff_client, make_staff, client):
    c, officer = staff_client("officer", unit="UPT PPD Surabaya Timur")
    assert "meja-digital" in c.get("/asn/").content.decode()
    course = Course.objects.get(code="meja-digital")
    assert c.get(f"/asn/kursus/{course.code}/").status_code == 200
    assert c.get(f"/asn/kursus/{course.code}/kuis/").status_code == 200
    attempt = QuizAttempt.objects.get(user=officer)
    response = c.post(f"/asn/kursus/{course.code}/kuis/", {"attempt": attempt.pk, **_answers(course)})
    assert response.status_code == 302
    assert Completion.objects.filter(user=officer, course=course).exists()
    c.post("/asn/latihan/mulai/")
    run = PracticeRun.objects.get(user=officer)
    for case in run.cases.all():
        assert c.get(f"/asn/latihan/{case.pk}/").status_code == 200
        c.post(f"/asn/latihan/{case.pk}/putuskan/", {"decision": case.expected_decision,
                                                       "requirement": case.expected_requirement})
    run.refresh_from_db()
    assert run.passed


def test_a_late_quiz_through_the_page_is_not_counted(staff_client):
    c, officer = staff_client("officer")
    course = Course.objects.get(code="tte-verifikasi")
    c.get(f"/asn/kursus/{course.code}/kuis/")
    attempt = QuizAttempt.objects.get(user=officer)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=attempt.started_at - timedelta(seconds=1))
    c.post(f"/asn/kursus/{course.code}/kuis/", {"attempt": attempt.pk, **_answers(course)})
    assert not Completion.objects.filter(user=officer).exists()


def test_posting_a_decision_for_someone_elses_practice_case_is_403(staff_client, make_staff):
    from balai.asn import practice

    other = make_staff()
    case = practice.run_start(user=other).cases.first()
    c, _officer = staff_client("officer")
    response = c.post(f"/asn/latihan/{case.pk}/putuskan/", {"decision": "approve"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.decided_at is None


def test_the_supervisor_pages(staff_client):
    c, _supervisor = staff_client("supervisor")
    assert c.get("/asn/unit/kecakapan/").status_code == 200
    assert c.get("/asn/unit/berkas/").status_code == 200
