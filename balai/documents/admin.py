from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.admin import ReadOnlyModelAdmin

from .forms import RevokeForm
from .models import Document
from .services import document_revoke


@admin.register(Document)
class DocumentAdmin(ReadOnlyModelAdmin):
    """Read-only register of issued documents. The PDF itself is never edited; the only change is
    revocation, by a supervisor, with a reason."""

    list_display = ("number", "doc_type", "version", "status", "subject_type", "subject_id", "subject_name_masked",
                    "issuing_unit", "issued_at")
    list_filter = ("status", "doc_type", "issuing_unit")
    search_fields = ("number", "subject_id")
    date_hierarchy = "issued_at"
    exclude = ("subject_name",)  # lists and forms show the masked name only
    readonly_fields = ("subject_name_masked",)
    actions = ["revoke_selected"]

    @admin.display(description=gettext_lazy("atas nama"))
    def subject_name_masked(self, obj: Document) -> str:
        return obj.subject_name_masked

    @admin.action(description=gettext_lazy("Cabut dokumen terpilih (supervisor, dengan alasan)"))
    def revoke_selected(self, request, queryset):
        if getattr(request.user, "role", None) != "supervisor":
            self.message_user(request, _("Hanya supervisor yang dapat mencabut dokumen."), messages.ERROR)
            return None
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for document in queryset:
                try:
                    document_revoke(document=document, by=request.user, reason=form.cleaned_data["reason"])
                    done += 1
                except (ValidationError, PermissionDenied) as exc:
                    self.message_user(request, f"{document.number}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}",
                                      messages.WARNING)
            self.message_user(request, _("%(n)d dokumen dicabut.") % {"n": done}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "documents/admin/revoke.html", {
            **self.admin_site.each_context(request), "title": _("Cabut dokumen"), "form": form,
            "documents": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })
