"""Admin: the dated tax-rule tables (edited by supervisors and admins, every change audited) and a
read-only view of the register. Register corrections go through the Samsat officer pages, which
record them as events with a reason."""

from __future__ import annotations

from typing import ClassVar

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from balai.accounts.models import Role
from balai.core import audit
from balai.core.admin import ReadOnlyModelAdmin

from . import models

RULE_EDITORS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _snapshot(obj) -> dict:
    return {key: str(value) for key, value in model_to_dict(obj).items()}


class AuditedRuleAdmin(admin.ModelAdmin):
    list_filter = ("unconfirmed", "valid_from")
    search_fields: ClassVar[tuple[str, ...]] = ("regulation", "note")
    save_on_top = True

    def _may_edit(self, request) -> bool:
        return request.user.is_active and (request.user.is_superuser or request.user.role in RULE_EDITORS)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request)

    def save_model(self, request, obj, form, change):
        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = _snapshot(obj)
            audit.record(action="vehicles.rule_changed" if change else "vehicles.rule_added", actor=request.user,
                         object_type=f"vehicles.{type(obj).__name__.lower()}", object_id=obj.pk,
                         data={"before": {k: v for k, v in before.items() if after.get(k) != v},
                               "after": {k: v for k, v in after.items() if before.get(k) != v}})

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(action="vehicles.rule_deleted", actor=request.user,
                         object_type=f"vehicles.{type(obj).__name__.lower()}", object_id=obj.pk,
                         data={"before": _snapshot(obj)})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


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
