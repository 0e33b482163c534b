"""Admin: the dated tax-rule tables (edited by supervisors and admins, every change audited) and a
read-only view of the register. Register corrections go through the Samsat officer pages, which
record them as events with a reason."""

from __future__ import annotations

from typing import ClassVar

from django.contrib import admin

from balai.core import admin as core_admin
from balai.core.admin import ReadOnlyModelAdmin

from . import models


class AuditedRuleAdmin(core_admin.AuditedRuleAdmin):
    audit_prefix = "vehicles"
    list_filter = ("unconfirmed", "valid_from")
    search_fields: ClassVar[tuple[str, ...]] = ("regulation", "note")
    save_on_top = True


_COMMON = ("valid_from", "valid_to", "regulation", "unconfirmed")


@admin.register(models.PkbRate)
class PkbRateAdmin(AuditedRuleAdmin):
    list_display = ("ownership_order", "rate_percent", *_COMMON)


@admin.register(models.OpsenRate)
class OpsenRateAdmin(AuditedRuleAdmin):
    list_display = ("tax", "rate_percent", *_COMMON)


@admin.register(models.BaseRelief)
class BaseReliefAdmin(AuditedRuleAdmin):
    list_display = ("tax", "ownership_order", "factor_numerator", "factor_denominator", *_COMMON)


@admin.register(models.Bobot)
class BobotAdmin(AuditedRuleAdmin):
    list_display = ("category", "factor", *_COMMON)


@admin.register(models.SwdklljTariff)
class SwdklljTariffAdmin(AuditedRuleAdmin):
    list_display = ("class_code", "label", "contribution", "card_fee", *_COMMON)


@admin.register(models.SwdklljLateBracket)
class SwdklljLateBracketAdmin(AuditedRuleAdmin):
    list_display = ("days_from", "days_to", "rate_percent", "cap", *_COMMON)


@admin.register(models.PenaltyRule)
class PenaltyRuleAdmin(AuditedRuleAdmin):
    list_display = ("monthly_numerator", "monthly_denominator", "max_months", "max_months_unconfirmed", *_COMMON)


@admin.register(models.PnbpFee)
class PnbpFeeAdmin(AuditedRuleAdmin):
    list_display = ("item", "wheel_group", "amount", *_COMMON)


@admin.register(models.ReliefProgramme)
class ReliefProgrammeAdmin(AuditedRuleAdmin):
    list_display = ("name", "waive_pkb_penalty", "waive_progressive", "swdkllj_arrears_one_year", *_COMMON)


@admin.register(models.NjkbPrice)
class NjkbPriceAdmin(AuditedRuleAdmin):
    list_display = ("make", "model", "year", "category", "njkb", *_COMMON)
    search_fields = ("make", "model", "regulation")


@admin.register(models.SwdklljClassRule)
class SwdklljClassRuleAdmin(AuditedRuleAdmin):
    list_display = ("position", "categories", "uses", "cc_up_to", "class_code", *_COMMON)


@admin.register(models.ProgressiveRule)
class ProgressiveRuleAdmin(AuditedRuleAdmin):
    list_display = ("cc_threshold", *_COMMON)


@admin.register(models.PenaltyBeneficiary)
class PenaltyBeneficiaryAdmin(AuditedRuleAdmin):
    list_display = ("line_code", "treasury", *_COMMON)


@admin.register(models.BbnkbRate)
class BbnkbRateAdmin(AuditedRuleAdmin):
    list_display = ("transfer", "rate_percent", *_COMMON)


@admin.register(models.Vehicle)
class VehicleAdmin(ReadOnlyModelAdmin):
    """Read-only here: corrections are events with a reason (officer pages)."""

    list_display = ("plate", "category", "make", "model", "year", "regency_code", "due_date", "status")
    list_filter = ("category", "status", "regency_code")
    search_fields = ("plate",)
    exclude = ("owner_nik",)
