"""Admin: KTP-el capacity per office and day is configuration; the register itself is read-only
here (it changes only through the services, which version and audit every change)."""

from django.contrib import admin

from balai.core.admin import ReadOnlyModelAdmin

from .models import DuplicateReview, FamilyCard, ImportRun, KtpSlot, Person


@admin.register(KtpSlot)
class KtpSlotAdmin(admin.ModelAdmin):
    list_display = ("regency_code", "date", "capacity", "booked")
    list_filter = ("regency_code",)
    readonly_fields = ("booked",)


@admin.register(Person)
class PersonAdmin(ReadOnlyModelAdmin):
    list_display = ("nik_masked", "full_name", "birth_date", "record_status")
    fields = ("full_name", "sex", "birth_date", "record_status", "is_alive")
    search_fields = ("=nik",)


@admin.register(FamilyCard)
class FamilyCardAdmin(ReadOnlyModelAdmin):
    list_display = ("kk_masked", "village", "current_version", "status")
    fields = ("street", "rt", "rw", "village", "postal_code", "current_version", "status")
    search_fields = ("=kk_number",)


@admin.register(DuplicateReview)
class DuplicateReviewAdmin(ReadOnlyModelAdmin):
    list_display = ("pk", "source", "regency_code", "status", "created_at")
    list_filter = ("status", "source")
    fields = ("source", "source_ref", "regency_code", "status", "matches")


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyModelAdmin):
    list_display = ("file_name", "started_at", "finished_at", "last_row", "persons_imported", "rows_failed",
                    "persons_held")
