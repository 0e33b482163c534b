"""Pages of the ASN workspace: training, quizzes, certificates, the practice desk (views_hr.py:
fluency figures, promotion and retirement files)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.accounts.decorators import staff_required
from balai.accounts.models import Role
from balai.core.errors import DomainError, error_message
from balai.core.typing import AuthedHttpRequest

from . import practice, selectors
from .forms import PracticeDecisionForm, QuizForm
from .models import Decision
from .training import quiz_start, quiz_submit

ASN_ROLES = [Role.OFFICER, Role.SUPERVISOR, Role.ADMIN]
asn_required = staff_required(ASN_ROLES)


@never_cache
@asn_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    year = timezone.localdate().year
    profile = getattr(user, "asn", None)
    run = practice.current_run(user)
    return render(request, "asn/home.html", {
        "progress": selectors.jp_progress(user, year), "courses": selectors.courses_with_status(user, year),
        "certificates": selectors.certificates(user), "facts": selectors.profile_facts(profile) if profile else None,
        "run": run, "passed_track": practice.passed_track(user, year)})


@never_cache
@asn_required
@require_GET
def course(request: AuthedHttpRequest, code: str) -> HttpResponse:
    found = selectors.active_course(code)
    if found is None:
        raise Http404
    return render(request, "asn/course.html", {"course": found, "last": selectors.last_attempt(request.user, found)})


@never_cache
@asn_required
@require_http_methods(["GET", "POST"])
def quiz(request: AuthedHttpRequest, code: str) -> HttpResponse:
    found = selectors.active_course(code)
    if found is None:
        raise Http404
    questions = list(found.questions.all())
    if request.method == "POST":
        form = QuizForm(request.POST, questions=questions)
        attempt_id = request.POST.get("attempt", "")
        if form.is_valid() and attempt_id.isdigit():
            try:
                attempt = quiz_submit(user=request.user, attempt_id=int(attempt_id), answers=form.cleaned_data)
            except DomainError as exc:
                error_message(request, exc)
                return redirect("asn:course", code=found.code)
            if not attempt.counted:
                messages.error(request, _("Kuis dikirim setelah batas waktu, sehingga tidak dihitung. Silakan ulangi."))
            elif attempt.passed:
                messages.success(request, _("Lulus dengan nilai %(score)d. JP tercatat; sertifikat sedang "
                                            "diterbitkan.") % {"score": attempt.score})
            else:
                messages.warning(request, _("Nilai %(score)d, belum mencapai nilai lulus %(mark)d. Silakan "
                                            "pelajari lagi materinya dan ulangi.") % {"score": attempt.score,
                                                                                     "mark": found.pass_mark})
            return redirect("asn:course", code=found.code)
    attempt = quiz_start(user=request.user, course=found)
    return render(request, "asn/quiz.html", {"course": found, "attempt": attempt,
                                             "form": QuizForm(questions=questions)})


@never_cache
@asn_required
@require_GET
def practice_home(request: AuthedHttpRequest) -> HttpResponse:
    run = practice.current_run(request.user)
    return render(request, "asn/practice.html", {
        "run": run, "cases": list(run.cases.all()) if run else [],
        "passed_track": practice.passed_track(request.user, timezone.localdate().year)})


@asn_required
@require_POST
def practice_start(request: AuthedHttpRequest) -> HttpResponse:
    try:
        practice.run_start(user=request.user)
    except DomainError as exc:
        error_message(request, exc)
    return redirect("asn:practice")


def _practice_page(request: AuthedHttpRequest, case, form: PracticeDecisionForm) -> HttpResponse:
    return render(request, "asn/practice_case.html", {"case": case, "form": form, "decisions": Decision.choices})


@never_cache
@asn_required
@require_GET
def practice_case(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        case = practice.case_open(user=request.user, reference=pk)
    except practice.PracticeRefused as exc:
        raise Http404 from exc
    return _practice_page(request, case, PracticeDecisionForm())


@asn_required
@require_POST
def practice_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    form = PracticeDecisionForm(request.POST)
    if form.is_valid():
        case = practice.case_decide(user=request.user, reference=pk, decision=form.cleaned_data["decision"],
                                    requirement=form.cleaned_data["requirement"])
        if case.correct:
            messages.success(request, _("Keputusan tepat."))
        else:
            messages.warning(request, _("Keputusan kurang tepat: %(expected)s.") % {
                "expected": case.get_expected_decision_display()})
        return redirect("asn:practice")
    case = practice.case_for(request.user, pk)  # 403 for anything but the caller's own practice case
    return _practice_page(request, case, form)
