"""Promotion proposals and retirement files: the rules of REFERENCE §12 applied, and the case on
the case engine opened with the domain record (``cases_link``): the unit's HR officer files it and
verifies the documents, BKD approves, the handler drafts the signed decision letter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.cases.forms_schema import validate_data
from balai.cases.models import Application, State
from balai.core import audit
from balai.notifications.services import notify

from . import conf, engine
from .cases_link import SERVICE_PROMOTION, SERVICE_RETIREMENT, at_bkd, case_forward, case_open
from .eligibility import promotion_check
from .handlers import PROMOTION_FIELDS, RETIREMENT_FIELDS
from .models import AsnProfile, PromotionProposal, RetirementFile
from .rules import rules_load
from .services import AsnError


def hr_officers(unit: str) -> list:
    return [p.user for p in AsnProfile.objects.select_related("user").filter(is_hr_officer=True,
                                                                             user__staff__unit=unit)
            .order_by("user__full_name", "pk")]


def _may_act_for(by, profile: AsnProfile) -> bool:
    if by.pk == profile.user_id or by.role == "admin":
        return True
    unit = getattr(getattr(by, "staff", None), "unit", None)
    return unit == profile.unit and (by.role == "supervisor" or getattr(getattr(by, "asn", None), "is_hr_officer",
                                                                         False))


def _desk_url(app: Application) -> str:
    return reverse("cases:desk_case", args=[app.tracking_number])


def _case_url(app: Application) -> str:
    return reverse("cases:application", args=[app.tracking_number])


def promotion_propose(*, profile: AsnProfile, by, period: date | None = None,
                      today: date | None = None) -> PromotionProposal:
    """A regular promotion proposal: a draft case for the ASN, filed by ``by`` (their unit's HR
    officer or supervisor, or the ASN), whose documents the filer uploads before submitting it to
    the unit's queue. Before eligibility → 422 naming the earliest eligible period."""
    if not _may_act_for(by, profile):
        raise AsnError("forbidden", _("Anda tidak dapat mengusulkan kenaikan pangkat ASN ini."), status_code=403)
    choice = promotion_check(profile, period=period, today=today)
    data = validate_data(PROMOTION_FIELDS, {"nip": profile.nip, "unit": profile.unit, "from_rank": choice.from_rank,
                                            "to_rank": choice.to_rank, "period": choice.period.isoformat()})
    try:
        with transaction.atomic():
            if PromotionProposal.objects.filter(profile=profile, period=choice.period).exists():
                raise IntegrityError("asn_promotion_once_per_period")
            app = case_open(code=SERVICE_PROMOTION, profile=profile, data=data, by=by,
                            filed_by=None if by.pk == profile.user_id else by)
            proposal = PromotionProposal.objects.create(
                profile=profile, application=app, period=choice.period, from_rank=choice.from_rank,
                to_rank=choice.to_rank, proposed_by=by)
            audit.record(action="asn.promotion_proposed", actor=by, object_type="asn_promotion",
                         object_id=proposal.pk, data={"nip": profile.nip, "period": choice.period.isoformat(),
                                                      "to_rank": choice.to_rank, "case": app.tracking_number})
            for officer in hr_officers(profile.unit):
                notify("asn.promotion_proposed", recipient=officer, key=f"promotion-{proposal.pk}",
                       context={"name": profile.user.full_name, "period": choice.period, "url": _desk_url(app)})
    except IntegrityError as exc:
        raise AsnError("duplicate", _("Usul untuk periode ini sudah ada."), status_code=409) from exc
    return proposal


def retirement_open_due(*, today: date | None = None) -> int:
    """Open the retirement file — a draft case with its requirements, filed by the unit's first HR
    officer — of every PNS whose pension TMT is within the lead time (setting
    ``ASN_RETIREMENT_LEAD_MONTHS``, default 12); tell the ASN and the unit's HR officers."""
    today = today or timezone.localdate()
    horizon = engine.add_months(today, conf.retirement_lead_months() + 1)
    rules = rules_load()
    opened = 0
    for profile in AsnProfile.objects.select_related("user", "user__staff").filter(
            kind="pns", retirement__isnull=True):
        try:
            facts = engine.retirement(rules, birth_date=profile.birth_date, position_type=profile.position_type,
                                      functional_level=profile.functional_level)
        except engine.RuleError:
            continue
        if facts.tmt >= horizon or facts.tmt < today:
            continue
        if _open_file(profile, facts):
            opened += 1
    return opened


def _open_file(profile: AsnProfile, facts: engine.Retirement) -> bool:
    officers = hr_officers(profile.unit)
    data = validate_data(RETIREMENT_FIELDS, {"nip": profile.nip, "unit": profile.unit,
                                             "retirement_age": facts.age, "tmt": facts.tmt.isoformat()})
    try:
        with transaction.atomic():
            app = case_open(code=SERVICE_RETIREMENT, profile=profile, data=data, by=None,
                            filed_by=next((o for o in officers if o.pk != profile.user_id), None))
            file = RetirementFile.objects.create(profile=profile, application=app, retirement_age=facts.age,
                                                 tmt=facts.tmt)
            audit.record(action="asn.retirement_opened", object_type="asn_retirement", object_id=file.pk,
                         data={"nip": profile.nip, "tmt": facts.tmt.isoformat(), "age": facts.age,
                               "case": app.tracking_number})
            for person in {profile.user, *officers}:
                url = _case_url(app) if person.pk == profile.user_id else _desk_url(app)
                notify("asn.retirement_opened", recipient=person, key=f"retirement-{file.pk}",
                       context={"name": profile.user.full_name, "tmt": facts.tmt, "url": url})
    except IntegrityError:
        return False
    except AsnError:
        return False  # the unit has no office yet: tried again tomorrow
    return True


def retirement_remind_due(*, today: date | None = None) -> int:
    """Remind the ASN and the unit's HR officers of each retirement file still waiting for its
    documents (a draft, or returned) every ``ASN_RETIREMENT_REMINDER_DAYS`` (default 30) days after
    it opened, until its TMT."""
    today = today or timezone.localdate()
    every = timedelta(days=conf.retirement_reminder_days())
    reminded = 0
    waiting = (RetirementFile.objects.select_related("profile__user__staff", "application")
               .filter(application__state__in=[State.DRAFT, State.RETURNED], tmt__gt=today))
    for file in waiting:
        last = timezone.localtime(file.reminded_at or file.opened_at).date()
        if today - last < every:
            continue
        with transaction.atomic():
            for person in {file.profile.user, *hr_officers(file.profile.unit)}:
                url = _case_url(file.application) if person.pk == file.profile.user_id else _desk_url(file.application)
                notify("asn.retirement_reminder", recipient=person, key=f"retirement-{file.pk}-{today.isoformat()}",
                       context={"name": file.profile.user.full_name, "tmt": file.tmt, "url": url})
            at = timezone.make_aware(datetime.combine(today, timezone.localtime().time()))  # the day it ran for
            RetirementFile.objects.filter(pk=file.pk).update(reminded_at=at)
        reminded += 1
    return reminded


def forward_to_bkd(*, application: Application, by) -> Application:
    """The unit's HR officer sends a verified file on to BKD (``cases_link.case_forward``)."""
    return case_forward(application=application, by=by)


@dataclass(frozen=True)
class FileRow:
    """A promotion or retirement record with its case, as the unit's page lists it."""

    record: PromotionProposal | RetirementFile
    app: Application
    at_bkd: bool
    forwardable: bool  # verified at the unit, to be sent on to BKD


def _rows(records) -> list[FileRow]:
    return [FileRow(record=r, app=r.application, at_bkd=at_bkd(r.application),
                    forwardable=r.application.state == State.IN_REVIEW and not at_bkd(r.application))
            for r in records]


def files_for_unit(unit: str) -> dict:
    related = ("profile__user", "application__office", "application__assignee")
    return {
        "retirements": _rows(RetirementFile.objects.select_related(*related)
                             .filter(profile__user__staff__unit=unit).order_by("tmt")),
        "promotions": _rows(PromotionProposal.objects.select_related(*related)
                            .filter(profile__user__staff__unit=unit).order_by("period")),
        "profiles": list(AsnProfile.objects.select_related("user").filter(user__staff__unit=unit)
                         .order_by("user__full_name")),
    }


def unit_of(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.unit if staff is not None else ""
