"""Fluency indicators per unit (the quality dashboard reads ``selectors.unit_fluency``; the
definitions are in /work/notes/asn-api.md and docs/asn.md).

A unit is the staff profile's ``unit`` (accounts). Practice cases are never counted anywhere but
in the practice figure: they are not applications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import Sum
from django.utils import timezone

from balai.cases.models import Application, State

from . import engine
from .models import AsnProfile, Completion, PracticeRun, PromotionProposal, RetirementFile
from .rules import rules_load


@dataclass(frozen=True)
class OfficerFigure:
    name: str
    cases: int
    median_hours: float | None


@dataclass(frozen=True)
class UnitFluency:
    unit: str
    year: int
    asn: int
    with_required_jp: int
    passed_practice: int
    cases_closed: int
    cases_digital: int
    median_hours: float | None
    files_completed: int
    files_before_tmt: int
    officers: list[OfficerFigure] = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> int | None:
        return part * 100 // whole if whole else None

    @property
    def share_required_jp(self) -> int | None:
        return self._share(self.with_required_jp, self.asn)

    @property
    def share_practice(self) -> int | None:
        return self._share(self.passed_practice, self.asn)

    @property
    def share_digital(self) -> int | None:
        return self._share(self.cases_digital, self.cases_closed)

    @property
    def share_files_before_tmt(self) -> int | None:
        return self._share(self.files_before_tmt, self.files_completed)


def _hours(cases) -> list[float]:
    return [(c.closed_at - c.submitted_at).total_seconds() / 3600 for c in cases if c.closed_at and c.submitted_at]


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def _files_completed(unit: str) -> list[tuple]:
    """(closed at, TMT) of the unit's promotion and retirement cases completed on the case engine
    (the decision letter issued): the case's closing time against the domain record's TMT."""
    done = {"application__state": State.COMPLETED, "application__closed_at__isnull": False,
            "profile__user__staff__unit": unit}
    files = list(RetirementFile.objects.filter(**done).values_list("application__closed_at", "tmt"))
    return files + list(PromotionProposal.objects.filter(**done).values_list("application__closed_at", "period"))


def unit_fluency(unit: str, *, year: int | None = None, today: date | None = None,
                 per_officer: bool = False) -> UnitFluency:
    today = today or timezone.localdate()
    year = year or today.year
    profiles = list(AsnProfile.objects.select_related("user").filter(user__staff__unit=unit))
    users = [p.user_id for p in profiles]
    required = engine.jp_required(rules_load(), year)
    earned = dict(Completion.objects.filter(user_id__in=users, year=year).values("user_id")
                  .annotate(total=Sum("jp")).values_list("user_id", "total"))
    practiced = set(PracticeRun.objects.filter(user_id__in=users, passed=True, finished_at__year=year)
                    .values_list("user_id", flat=True))
    closed = list(Application.objects.filter(assignee__staff__unit=unit, closed_at__year=year,
                                             submitted_at__isnull=False)
                  .only("assignee_id", "filed_by_id", "submitted_at", "closed_at"))
    files = _files_completed(unit)
    officers: list[OfficerFigure] = []
    if per_officer:
        by_officer: dict[int | None, list] = {}
        for case in closed:
            by_officer.setdefault(case.assignee_id, []).append(case)
        names = {p.user_id: p.user.full_name for p in profiles}
        officers = sorted((OfficerFigure(names.get(uid or 0, str(uid)), len(cases), _median(_hours(cases)))
                           for uid, cases in by_officer.items()), key=lambda o: o.name)
    return UnitFluency(
        unit=unit, year=year, asn=len(profiles),
        with_required_jp=sum(1 for uid in users if (earned.get(uid) or 0) >= required),
        passed_practice=len(practiced), cases_closed=len(closed),
        cases_digital=sum(1 for c in closed if c.filed_by_id is None),
        median_hours=_median(_hours(closed)), files_completed=len(files),
        files_before_tmt=sum(1 for done, tmt in files if timezone.localtime(done).date() < tmt),
        officers=officers)
