"""Admin: the dated ASN rules (edited by supervisors and admins, every change audited), profiles,
and the courses (lessons of text and images, a quiz with its pass mark and time limit)."""

from __future__ import annotations

from django.contrib import admin

from balai.core.admin import AuditedRuleAdmin, ReadOnlyModelAdmin

from . import models


@admin.register(models.AsnRule)
class AsnRuleAdmin(AuditedRuleAdmin):
    audit_prefix = "asn"
    list_display = ("key", "qualifier", "value", "valid_from", "valid_to", "regulation", "unconfirmed")
    list_filter = ("key", "unconfirmed")
    search_fields = ("regulation", "note", "qualifier")

    def audit_object_type(self, obj) -> str:
        return "asn.rule"


@admin.register(models.AsnProfile)
class AsnProfileAdmin(admin.ModelAdmin):
    list_display = ("nip", "user", "kind", "position_type", "functional_level", "rank", "rank_tmt", "is_hr_officer")
    list_filter = ("kind", "position_type", "rank", "is_hr_officer")
    search_fields = ("nip", "user__full_name", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("nip_warnings", "updated_at")


class LessonInline(admin.StackedInline):
    model = models.Lesson
    extra = 0


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0
    show_change_link = True


@admin.register(models.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "jp", "pass_mark", "time_limit_minutes", "is_active", "order")
    list_filter = ("is_active",)
    prepopulated_fields = {"code": ("title",)}
    inlines = [LessonInline, QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = models.Choice
    extra = 2


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "course", "order")
    list_filter = ("course",)
    inlines = [ChoiceInline]


@admin.register(models.Completion)
class CompletionAdmin(ReadOnlyModelAdmin):
    list_display = ("user", "title", "jp", "year", "completed_at")
    list_filter = ("kind", "year")


@admin.register(models.ImportRun)
class ImportRunAdmin(ReadOnlyModelAdmin):
    list_display = ("file_name", "rows_done", "imported", "started_at", "finished_at")


@admin.register(models.RetirementFile)
class RetirementFileAdmin(ReadOnlyModelAdmin):
    list_display = ("profile", "tmt", "application", "opened_at")


@admin.register(models.PromotionProposal)
class PromotionProposalAdmin(ReadOnlyModelAdmin):
    list_display = ("profile", "from_rank", "to_rank", "period", "application")
