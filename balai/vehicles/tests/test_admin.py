from decimal import Decimal

import pytest
from django.contrib.admin.sites import AdminSite
from django.test import RequestFactory

from balai.core.models import AuditEntry
from balai.vehicles.admin import PkbRateAdmin
from balai.vehicles.models import PkbRate


@pytest.mark.django_db
def test_rule_change_in_admin_is_audited(make_staff):
    # given a supervisor and the seeded 2025 first-ownership rate
    supervisor = make_staff(role="supervisor")
    request = RequestFactory().post("/admin/")
    request.user = supervisor
    rate = PkbRate.objects.get(ownership_order=1, valid_to__isnull=True)
    admin = PkbRateAdmin(PkbRate, AdminSite())
    assert admin.has_change_permission(request, rate)
    # when the rate is changed
    rate.rate_percent = Decimal("1.100")
    admin.save_model(request, rate, form=None, change=True)
    # then the change is in the audit log with before and after
    entry = AuditEntry.objects.filter(action="vehicles.rule_changed").latest("id")
    assert entry.object_type == "vehicles.pkbrate" and entry.object_id == str(rate.pk)
    assert entry.data["before"]["rate_percent"] == "1.200" and entry.data["after"]["rate_percent"] == "1.100"
    assert entry.actor_id == supervisor.pk


@pytest.mark.django_db
def test_officer_may_not_edit_rules(make_staff):
    request = RequestFactory().get("/admin/")
    request.user = make_staff(role="officer")
    assert not PkbRateAdmin(PkbRate, AdminSite()).has_change_permission(request)
