from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from . import audit
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


class AuditedRuleAdmin(admin.ModelAdmin):
    """Dated rule rows from a regulation (tax rates, ASN rules, …): staff may look, supervisors and
    admins add, change and delete them, and each change is in the audit log with what it changed.
    Subclasses set ``audit_prefix`` (the audit actions are ``<prefix>.rule_added/changed/deleted``)."""

    audit_prefix = ""
    rule_editors = frozenset({"supervisor", "admin"})

    def audit_object_type(self, obj) -> str:
        return f"{self.audit_prefix}.{type(obj).__name__.lower()}"

    def _may_edit(self, request) -> bool:
        return request.user.is_active and (request.user.is_superuser or request.user.role in self.rule_editors)

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
            audit.record(action=f"{self.audit_prefix}.rule_{'changed' if change else 'added'}", actor=request.user,
                         object_type=self.audit_object_type(obj), object_id=obj.pk,
                         data={"before": {k: v for k, v in before.items() if after.get(k) != v},
                               "after": {k: v for k, v in after.items() if before.get(k) != v}})

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(action=f"{self.audit_prefix}.rule_deleted", actor=request.user,
                         object_type=self.audit_object_type(obj), object_id=obj.pk, data={"before": _snapshot(obj)})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


def _snapshot(obj) -> dict:
    return {key: str(value) for key, value in model_to_dict(obj).items()}


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
