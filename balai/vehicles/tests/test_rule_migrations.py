"""The rule rows of a fresh database come from the data migrations' own literal data:
editing a live module (rules_seed.py, the engine, anything else) never changes them."""

import ast
import importlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps

from balai.vehicles import rules_seed
from balai.vehicles.models import RULE_MODELS, PkbRate

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def test_vehicles_migrations_import_nothing_from_balai():
    for path in sorted(MIGRATIONS.glob("0*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("balai"), f"{path.name} imports {node.module}"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("balai") for a in node.names), f"{path.name} imports balai"


@pytest.mark.django_db
def test_editing_rules_seed_does_not_change_what_the_migration_loads(monkeypatch):
    # An edit of the live seed file: a different 2024 rate. The migration must not see it.
    monkeypatch.setattr(rules_seed, "PKB_RATES", [(1, "9.9", date(2010, 1, 1), None, "edited", False, "")],
                        raising=False)
    for model in RULE_MODELS:
        model.objects.all().delete()
    importlib.import_module("balai.vehicles.migrations.0002_rules").load(apps, None)
    rates = sorted((r.valid_from, r.ownership_order, r.rate_percent) for r in PkbRate.objects.all())
    assert [rate for _, _, rate in rates] == [Decimal(v) for v in
                                               ("1.5", "2.0", "2.5", "3.0", "3.5", "1.2", "1.7", "2.2", "2.7", "3.2")]
    assert not PkbRate.objects.filter(regulation="edited").exists()


@pytest.mark.django_db
def test_replaying_the_data_migrations_is_idempotent_and_complete():
    from balai.vehicles.rules import DATA_MIGRATIONS, rules_seed_into

    counts = {model.__name__: model.objects.count() for model in RULE_MODELS}
    assert all(counts.values()), counts  # a fresh test database: the migrations loaded every table
    rules_seed_into()
    assert {model.__name__: model.objects.count() for model in RULE_MODELS} == counts
    assert DATA_MIGRATIONS[0] == "0002_rules"


@pytest.mark.django_db
def test_every_seeded_citation_has_a_catalogue_entry():
    """A citation the migrations wrote is listed in rules_seed.CITATIONS (marked for translation)."""
    seen = {row.regulation for model in RULE_MODELS for row in model.objects.all()}
    assert seen <= set(rules_seed.CITATIONS), seen - set(rules_seed.CITATIONS)
