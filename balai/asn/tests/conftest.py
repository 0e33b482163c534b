"""The ASN services and their workflow come from a data migration (0009); a transactional test
elsewhere flushes them with every other table: put them back by the migration's own function."""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture(autouse=True)
def _asn_services_present(request, _regions_present):
    """After balai/conftest.py's ``_regions_present``, which opened the database the test asked for."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    from django.apps import apps

    from balai.cases.models import Service

    if not Service.objects.filter(code="asn-kenaikan-pangkat").exists():
        importlib.import_module("balai.asn.migrations.0009_case_services").create(apps, None)
