"""Read-only admin for money records: they change only through services (events, never edits)."""

from django.contrib import admin

from balai.core.admin import ReadOnlyModelAdmin

from .models import Beneficiary, Bill, BillEvent, BillLine, Payment, ReviewTask, SettlementImport
from .snap import admin as snap_admin  # noqa: F401 - SNAP banks (payments.snap)


@admin.register(Beneficiary)
class BeneficiaryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "regency_code", "bank_name", "account_number", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")


class LineInline(admin.TabularInline):
    model = BillLine
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Bill)
class BillAdmin(ReadOnlyModelAdmin):
    list_display = ("payment_code", "kind", "description", "total", "status", "issued_at", "expires_at")
    list_filter = ("status", "kind")
    search_fields = ("payment_code", "subject_id")
    inlines = [LineInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyModelAdmin):
    list_display = ("receipt_number", "channel", "external_ref", "amount", "status", "reason", "paid_at")
    list_filter = ("status", "channel")
    search_fields = ("external_ref", "receipt_number", "bill__payment_code")


@admin.register(BillEvent)
class BillEventAdmin(ReadOnlyModelAdmin):
    list_display = ("created_at", "bill", "kind", "reason")
    list_filter = ("kind",)


@admin.register(ReviewTask)
class ReviewTaskAdmin(ReadOnlyModelAdmin):
    list_display = ("created_at", "kind", "summary", "resolved_at")
    list_filter = ("kind",)


@admin.register(SettlementImport)
class SettlementImportAdmin(ReadOnlyModelAdmin):
    list_display = ("imported_at", "channel", "file_name", "counts")
