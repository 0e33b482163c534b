"""Catalogue and workflow configuration in the admin. Applications and their log are read-only
here: cases change only through the engine (workflow.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.admin import ReadOnlyModelAdmin

from .models import (
    Application,
    CaseEvent,
    Office,
    OfficeServiceSLA,
    Requirement,
    Service,
    ServiceVersion,
    Workflow,
    WorkflowAction,
    WorkflowState,
)


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    fields = ("order", "code", "name", "name_en", "description", "description_en", "formats", "max_size_kb",
              "required", "alternative_of")


class ServiceVersionInline(admin.TabularInline):
    model = ServiceVersion
    extra = 0
    fields = ("version", "name_id", "published_at", "sla_days", "fee")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OfficeSlaInline(admin.TabularInline):
    model = OfficeServiceSLA
    extra = 0
    autocomplete_fields = ("office",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "is_active", "order")
    search_fields = ("code",)
    inlines = [ServiceVersionInline, OfficeSlaInline]


def _frozen(version: ServiceVersion | None) -> bool:
    return bool(version and version.pk and version.applications.exists())


@admin.register(ServiceVersion)
class ServiceVersionAdmin(admin.ModelAdmin):
    """A version with applications is frozen: use "new version" to change a service."""

    list_display = ("service", "version", "name_id", "published_at", "is_adminduk", "fee", "sla_days", "handler")
    list_filter = ("is_adminduk", "unit_type", "service")
    search_fields = ("name_id", "name_en", "service__code")
    inlines = [RequirementInline]
    actions = ["publish", "new_version"]
    fieldsets = (
        (None, {"fields": ("service", "version", "published_at", "name_id", "name_en", "description",
                           "description_en", "unit_type", "handler", "workflow")}),
        # Each text in Indonesian and in English (``*_en``; empty English shows the Indonesian).
        (_("Standar pelayanan"), {"fields": ("requirements_note", "requirements_note_en", "procedure", "procedure_en",
                                             "sla_days", "is_adminduk", "fee", "cost_note", "cost_note_en", "product",
                                             "product_en", "complaint_channel", "complaint_channel_en", "legal_basis",
                                             "legal_basis_en")}),
        (_("Formulir"), {"fields": ("form_schema",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        if _frozen(obj):
            return [f.name for f in ServiceVersion._meta.fields]
        return ["published_at"]

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj)

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        if _frozen(obj):
            for inline in instances:
                inline.has_add_permission = lambda *a, **k: False
                inline.has_change_permission = lambda *a, **k: False
                inline.has_delete_permission = lambda *a, **k: False
        return instances

    @admin.action(description=_("Terbitkan versi terpilih"))
    def publish(self, request, queryset):
        n = queryset.filter(published_at__isnull=True).update(published_at=timezone.now())
        self.message_user(request, _("%(n)s versi diterbitkan.") % {"n": n})

    @admin.action(description=_("Buat versi baru (draf) dari versi terpilih"))
    def new_version(self, request, queryset):
        for version in queryset.select_related("service"):
            with transaction.atomic():
                requirements = list(version.requirements.order_by("order", "id"))
                last = version.service.versions.order_by("-version").first()
                version.pk, version.id, version.version, version.published_at = None, None, last.version + 1, None
                version._state.adding = True
                version.save()
                mapping = {}
                for req in requirements:
                    old_pk = req.pk
                    req.pk = req.id = None
                    req.service_version = version
                    req.alternative_of_id = mapping.get(req.alternative_of_id)
                    req._state.adding = True
                    req.save()
                    mapping[old_pk] = req.pk
            self.message_user(request, _("Versi %(v)s dibuat sebagai draf.") % {"v": version}, messages.SUCCESS)


class StateInline(admin.TabularInline):
    model = WorkflowState
    extra = 0


class ActionInline(admin.TabularInline):
    model = WorkflowAction
    extra = 0


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "created_at")
    inlines = [StateInline, ActionInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "unit_type", "regency_code", "email")
    list_filter = ("unit_type",)
    search_fields = ("name", "regency_code")


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ("seq", "action", "from_state", "to_state", "actor", "actor_role", "note", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyModelAdmin):
    list_display = ("tracking_number", "service", "state", "office", "due_date", "created_at")
    list_filter = ("state", "service")
    search_fields = ("tracking_number",)
    inlines = [CaseEventInline]
    exclude = ("pin_hash", "subject_nik")
