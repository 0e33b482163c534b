"""Rule tables ⇄ engine: load the dated rows into a ``RuleSet``; replay the data migrations for tests."""

from __future__ import annotations

import importlib
from decimal import Decimal
from fractions import Fraction

from django.conf import settings

from . import engine
from .models import (
    BaseRelief,
    Bobot,
    NjkbPrice,
    OpsenRate,
    PenaltyRule,
    PkbRate,
    PnbpFee,
    ReliefProgramme,
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
            "regulation": row.regulation}


def rules_load() -> engine.RuleSet:
    """Every rule row, as exact numbers (about a hundred rows: cheap enough per request)."""
    return engine.RuleSet(
        pkb_rates=[engine.PkbRate(**_base(r), ownership_order=r.ownership_order, rate=_pct(r.rate_percent),
                                  progressive_cc_threshold=r.progressive_cc_threshold) for r in PkbRate.objects.all()],
        opsen_rates=[engine.OpsenRate(**_base(r), rate=_pct(r.rate_percent)) for r in OpsenRate.objects.all()],
        reliefs=[engine.BaseRelief(**_base(r), factor=Fraction(r.factor_numerator, r.factor_denominator),
                                   ownership_order=r.ownership_order) for r in BaseRelief.objects.all()],
        bobots=[engine.Bobot(**_base(r), category=r.category, factor=Fraction(r.factor)) for r in Bobot.objects.all()],
        swdkllj_tariffs=[engine.SwdklljTariff(**_base(r), class_code=r.class_code, contribution=r.contribution,
                                              card_fee=r.card_fee) for r in SwdklljTariff.objects.all()],
        swdkllj_late=[engine.SwdklljLate(**_base(r), days_from=r.days_from, days_to=r.days_to,
                                         rate=_pct(r.rate_percent), cap=r.cap)
                      for r in SwdklljLateBracket.objects.order_by("days_from")],
        penalties=[engine.Penalty(**_base(r), monthly_rate=Fraction(r.monthly_numerator, r.monthly_denominator),
                                  max_months=r.max_months) for r in PenaltyRule.objects.all()],
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
        rounding=rounding_from_settings(),
    )


def njkb_lookup(*, make: str, model: str, year: int, day) -> int | None:
    row = (NjkbPrice.objects.filter(make__iexact=make, model__iexact=model, year=year, valid_from__lte=day)
           .exclude(valid_to__lt=day).order_by("-valid_from").first())
    return row.njkb if row else None


# The data migrations that load rule rows, in order: each carries its own literal data.
DATA_MIGRATIONS = ("0002_rules",)


def rules_seed_into() -> None:
    """Put the rule rows of a fresh database back into flushed tables (transactional tests): the
    data migrations' own ``load`` functions, run with the current models. Each loads only into
    its empty table, so running it twice changes nothing."""
    from django.apps import apps

    for name in DATA_MIGRATIONS:
        importlib.import_module(f"balai.vehicles.migrations.{name}").load(apps, None)
