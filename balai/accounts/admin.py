from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm

from balai.core.admin import ReadOnlyModelAdmin
from balai.core.text import CleanTextFormMixin

from .models import (
    ActivationLetter,
    ApiToken,
    CitizenProfile,
    IdentityEvent,
    IdentityMatchAttempt,
    StaffProfile,
    User,
)
from .usernames import validate_username


class UserCreationForm(CleanTextFormMixin, AdminUserCreationForm):
    """The admin's "add user" form keeps the username rules of every other way in (usernames.py)."""

    def clean_username(self):
        username = super().clean_username()
        validate_username(username)
        return username


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    list_display = ("username", "full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profil", {"fields": ("full_name", "email", "phone", "role")}),
        ("Hak akses", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Waktu", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "role",
                                                               "password1", "password2")}),)


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "nik_masked", "village", "identity_level", "nik_released_at")
    list_filter = ("identity_level",)
    search_fields = ("user__username", "user__full_name")
    raw_id_fields = ("user", "village")
    exclude = ("nik",)  # full NIK is not shown in lists or forms of the admin
    # The identity level changes only through balai.accounts.identity_services (audited, takeover).
    readonly_fields = ("nik_masked", "identity_level", "identity_changed_at", "matched_at", "nik_released_at")


@admin.register(ActivationLetter)
class ActivationLetterAdmin(ReadOnlyModelAdmin):
    list_display = ("pk", "profile", "status", "requested_at", "batch", "part", "printed_at", "expires_at", "used_at")
    list_filter = ("status", "batch")
    exclude = ("nik", "code_hash")


@admin.register(IdentityEvent)
class IdentityEventAdmin(ReadOnlyModelAdmin):
    list_display = ("created_at", "profile", "kind", "method", "by")
    list_filter = ("kind", "method")
    exclude = ("nik",)


@admin.register(IdentityMatchAttempt)
class IdentityMatchAttemptAdmin(ReadOnlyModelAdmin):
    list_display = ("created_at", "profile", "succeeded")
    list_filter = ("succeeded",)
    exclude = ("nik",)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "nip")
    search_fields = ("user__username", "user__full_name", "unit", "nip")
    raw_id_fields = ("user",)
    filter_horizontal = ("jurisdiction",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "user", "created_at", "last_used_at")
    search_fields = ("prefix", "user__username")
