"""One read-only ModelAdmin (``balai.core.admin.ReadOnlyModelAdmin``) for every record that only
services write: the admin shows them and offers no add, change or delete, even to a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from balai.core.admin import ReadOnlyModelAdmin

READ_ONLY = ["core.AuditEntry", "accounts.ActivationLetter", "accounts.IdentityEvent",
             "accounts.IdentityMatchAttempt", "civil.Person", "civil.FamilyCard", "civil.DuplicateReview",
             "civil.ImportRun", "payments.Bill", "payments.Payment", "payments.BillEvent", "payments.ReviewTask",
             "payments.SettlementImport", "documents.Document", "vehicles.Vehicle"]


@pytest.mark.parametrize("label", READ_ONLY)
def test_service_written_records_are_read_only_in_the_admin(label):
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ReadOnlyModelAdmin)
    request = RequestFactory().get("/admin/")
    request.user = type("Superuser", (), {"is_active": True, "is_staff": True, "is_superuser": True,
                                          "has_perm": lambda self, perm, obj=None: True})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)
