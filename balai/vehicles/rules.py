"""Rule tables ⇄ engine: load the dated rows into a ``RuleSet``; seed them from rules_seed.py."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.conf import settings

from . import engine, rules_seed
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


def rules_seed_into(apps=None) -> None:
    """Load rules_seed.py into empty tables (migration 0002; tests that flush tables)."""
    def model(name, concrete):
        return apps.get_model("vehicles", name) if apps is not None else concrete

    pkb, opsen, relief, bobot = (model("PkbRate", PkbRate), model("OpsenRate", OpsenRate),
                                 model("BaseRelief", BaseRelief), model("Bobot", Bobot))
    swd, late, penalty = (model("SwdklljTariff", SwdklljTariff), model("SwdklljLateBracket", SwdklljLateBracket),
                          model("PenaltyRule", PenaltyRule))
    pnbp, programme, njkb = (model("PnbpFee", PnbpFee), model("ReliefProgramme", ReliefProgramme),
                             model("NjkbPrice", NjkbPrice))
    s = rules_seed
    if pkb.objects.exists():
        return
    pkb.objects.bulk_create([pkb(ownership_order=o, rate_percent=Decimal(r), valid_from=f, valid_to=t, regulation=g,
                                 unconfirmed=u, note=n) for o, r, f, t, g, u, n in s.PKB_RATES])
    opsen.objects.bulk_create([opsen(rate_percent=Decimal(r), valid_from=f, valid_to=t, regulation=g, unconfirmed=u,
                                     note=n) for r, f, t, g, u, n in s.OPSEN_RATES])
    relief.objects.bulk_create([relief(ownership_order=o, factor_numerator=a, factor_denominator=b, valid_from=f,
                                       valid_to=t, regulation=g, unconfirmed=u, note=n)
                                for o, a, b, f, t, g, u, n in s.BASE_RELIEFS])
    bobot.objects.bulk_create([bobot(category=c, factor=Decimal(v), valid_from=s.OLD_FROM, regulation=s.BOBOT,
                                     note="Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.")
                               for c, v in s.BOBOTS])
    swd.objects.bulk_create([swd(class_code=c, label=label, contribution=a, card_fee=k, valid_from=s.SWDKLLJ_FROM,
                                 regulation=s.PMK_SWDKLLJ, unconfirmed=u, note=n)
                             for c, label, a, k, u, n in s.SWDKLLJ_TARIFFS])
    late.objects.bulk_create([late(days_from=a, days_to=b, rate_percent=Decimal(r), cap=cap, valid_from=s.SWDKLLJ_FROM,
                                   regulation=s.PMK_SWDKLLJ_LATE, unconfirmed=u, note=n)
                              for a, b, r, cap, u, n in s.SWDKLLJ_LATE])
    penalty.objects.bulk_create([penalty(monthly_numerator=a, monthly_denominator=b, max_months=m, valid_from=f,
                                         valid_to=t, regulation=g, unconfirmed=u, note=n)
                                 for a, b, m, f, t, g, u, n in s.PENALTIES])
    pnbp.objects.bulk_create([pnbp(item=i, wheel_group=w, amount=a, valid_from=s.PNBP_FROM, regulation=s.PNBP,
                                   note="Tanggal mulai sebagai batas arsip.") for i, w, a in s.PNBP_FEES])
    programme.objects.bulk_create([
        programme(name=name, valid_from=f, valid_to=t, regulation=g, unconfirmed=u, note=n,
                  **{k: (Decimal(v) if k.startswith("discount") else v) for k, v in flags.items()})
        for name, f, t, g, flags, u, n in s.PROGRAMMES])
    njkb.objects.bulk_create([njkb(make=m, model=t, year=y, category=c, njkb=v, valid_from=s.NJKB_FROM,
                                   regulation=s.NJKB_REGULATION, unconfirmed=True,
                                   note="Nilai contoh, bukan daftar resmi.")
                              for m, t, y, c, v in s.NJKB_PRICES])
