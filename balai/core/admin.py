from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Holiday, OutboxTask


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Records written by services only (events, registers, money, the audit log): looked at in the
    admin, never added, edited or deleted there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    """Read-only: the audit log is append-only."""

    # "reason": why a staff member read a full NIK/KK (civil.*.read_full), the column a reviewer needs
    list_display = ("created_at", "action", "object_type", "object_id", "actor_label", "reason", "stream", "seq")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_label", "request_id")
    date_hierarchy = "created_at"

    @admin.display(description=_("alasan"))
    def reason(self, obj: AuditEntry) -> str:
        return str((obj.data or {}).get("reason", ""))


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Local holidays, extra cuti bersama and working-day corrections on top of the national list."""

    list_display = ("date", "name", "regency_code", "is_holiday", "basis")
    list_filter = ("is_holiday", "regency_code")
    search_fields = ("name", "basis")
    date_hierarchy = "date"


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """Work committed changes asked for and not done yet (core/outbox.py). Rows that failed
    OUTBOX_MAX_ATTEMPTS times wait here: fix the cause, then "retry now"."""

    list_display = ("id", "task", "created_at", "available_at", "attempts", "last_error")
    list_filter = ("task",)
    readonly_fields = ("task", "kwargs", "created_at", "available_at", "attempts", "last_error")
    actions = ["retry_now"]

    @admin.action(description=_("Coba lagi sekarang"))
    def retry_now(self, request, queryset):
        from django.utils import timezone

        count = queryset.update(attempts=0, available_at=timezone.now())
        self.message_user(request, _("%(n)d pekerjaan dijadwalkan ulang.") % {"n": count})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
