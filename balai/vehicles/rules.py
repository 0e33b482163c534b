"""Rule tables ⇄ engine: load the dated rows into a ``RuleSet``; replay the data migrations for tests."""

from __future__ import annotations

import importlib
from decimal import Decimal
from fractions import Fraction

from django.conf import settings

from . import engine
from .models import (
    BaseRelief,
    BbnkbRate,
    Bobot,
    NjkbPrice,
    OpsenRate,
    PenaltyBeneficiary,
    PenaltyRule,
    PkbRate,
    PnbpFee,
    ProgressiveRule,
    ReliefProgramme,
    SwdklljClassRule,
    SwdklljLateBracket,
    SwdklljTariff,
)


def rounding_from_settings() -> engine.Rounding:
    """``VEHICLES_ROUNDING`` (dict) overrides the default convention (engine.py docstring)."""
    return engine.Rounding(**getattr(settings, "VEHICLES_ROUNDING", {}))


def _pct(value: Decimal) -> Fraction:
    return Fraction(value) / 100


def _base(row) -> dict:
    return {"rule_id": row.rule_id, "valid_from": row.valid_from, "valid_to": row.valid_to,
            "regulation": row.regulation, "unconfirmed": row.unconfirmed}


def rules_load() -> engine.RuleSet:
    """Every rule row, as exact numbers (about a hundred rows: cheap enough per request)."""
    return engine.RuleSet(
        pkb_rates=[engine.PkbRate(**_base(r), ownership_order=r.ownership_order, rate=_pct(r.rate_percent))
                   for r in PkbRate.objects.all()],
        opsen_rates=[engine.OpsenRate(**_base(r), rate=_pct(r.rate_percent), tax=r.tax) for r in OpsenRate.objects.all()],
        reliefs=[engine.BaseRelief(**_base(r), factor=Fraction(r.factor_numerator, r.factor_denominator),
                                   ownership_order=r.ownership_order, tax=r.tax) for r in BaseRelief.objects.all()],
        bobots=[engine.Bobot(**_base(r), category=r.category, factor=Fraction(r.factor)) for r in Bobot.objects.all()],
        swdkllj_tariffs=[engine.SwdklljTariff(**_base(r), class_code=r.class_code, contribution=r.contribution,
                                              card_fee=r.card_fee) for r in SwdklljTariff.objects.all()],
        swdkllj_late=[engine.SwdklljLate(**_base(r), days_from=r.days_from, days_to=r.days_to,
                                         rate=_pct(r.rate_percent), cap=r.cap)
                      for r in SwdklljLateBracket.objects.order_by("days_from")],
        penalties=[engine.Penalty(**_base(r), monthly_rate=Fraction(r.monthly_numerator, r.monthly_denominator),
                                  max_months=r.max_months, cap_unconfirmed=r.max_months_unconfirmed)
                   for r in PenaltyRule.objects.all()],
        programmes=[engine.Programme(
            **_base(r), name=r.name, waive_pkb_penalty=r.waive_pkb_penalty,
            waive_swdkllj_penalty=r.waive_swdkllj_penalty, waive_progressive=r.waive_progressive,
            swdkllj_arrears_one_year=r.swdkllj_arrears_one_year,
            discount_two_three_wheel=_pct(r.discount_percent_two_three_wheel),
            discount_four_wheel=_pct(r.discount_percent_four_wheel),
            wheel_groups=tuple(g.strip() for g in r.wheel_groups.split(",") if g.strip()))
            for r in ReliefProgramme.objects.all()],
        pnbp_fees=[engine.PnbpFee(**_base(r), item=r.item, wheel_group=r.wheel_group, amount=r.amount)
                   for r in PnbpFee.objects.all()],
        swdkllj_classes=[engine.SwdklljClass(**_base(r), position=r.position, categories=_codes(r.categories),
                                             uses=_codes(r.uses), cc_up_to=r.cc_up_to, class_code=r.class_code)
                         for r in SwdklljClassRule.objects.all()],
        progressive_rules=[engine.ProgressiveRule(**_base(r), cc_threshold=r.cc_threshold)
                           for r in ProgressiveRule.objects.all()],
        penalty_beneficiaries=[engine.PenaltyBeneficiary(**_base(r), line_code=r.line_code, treasury=r.treasury)
                               for r in PenaltyBeneficiary.objects.all()],
        bbnkb_rates=[engine.BbnkbRate(**_base(r), transfer=r.transfer, rate=_pct(r.rate_percent))
                     for r in BbnkbRate.objects.all()],
        rounding=rounding_from_settings(),
    )


def _codes(text: str) -> frozenset[str]:
    return frozenset(code.strip() for code in (text or "").split(",") if code.strip())


def njkb_schedule(*, make: str, model: str, year: int) -> tuple[engine.NjkbValue, ...]:
    """Every dated NJKB row of a make, model and year of manufacture (engine.njkb_for picks the
    one of each tax year)."""
    return tuple(engine.NjkbValue(amount=r.njkb, valid_from=r.valid_from, valid_to=r.valid_to, rule_id=r.rule_id,
                                  regulation=r.regulation)
                 for r in NjkbPrice.objects.filter(make__iexact=make, model__iexact=model, year=year)
                 .order_by("valid_from", "pk"))


def progressive_threshold_on(day) -> int:
    """The progressive cc threshold in force on ``day`` (ProgressiveRule rows), for the ownership
    order of the register (selectors.ownership_order) without loading every rule table."""
    row = (ProgressiveRule.objects.filter(valid_from__lte=day).exclude(valid_to__lt=day)
           .order_by("-valid_from").first())
    if row is None:
        raise engine.RuleError(f"no progressive threshold rule on {day.isoformat()}")
    return row.cc_threshold


# The data migrations that load rule rows, in order: each carries its own literal data.
DATA_MIGRATIONS = ("0002_rules", "0006_rules_bbnkb_swdkllj_classes", "0008_transfer_services")


def rules_seed_into() -> None:
    """Put the rule rows of a fresh database back into flushed tables (transactional tests): the
    data migrations' own ``load`` functions, run with the current models. Each loads only into
    its empty table, so running it twice changes nothing."""
    from django.apps import apps

    for name in DATA_MIGRATIONS:
        importlib.import_module(f"balai.vehicles.migrations.{name}").load(apps, None)
