from django.contrib import admin

from .models import AuditEntry, Holiday


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ("created_at", "action", "object_type", "object_id", "actor_label", "stream", "seq")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_label", "request_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Local holidays, extra cuti bersama and working-day corrections on top of the national list."""

    list_display = ("date", "name", "regency_code", "is_holiday", "basis")
    list_filter = ("is_holiday", "regency_code")
    search_fields = ("name", "basis")
    date_hierarchy = "date"
