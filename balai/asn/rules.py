"""Rule rows ⇄ engine: load the dated ``AsnRule`` rows into an ``engine.RuleSet``."""

from __future__ import annotations

from . import engine
from .models import AsnRule


def rules_load() -> engine.RuleSet:
    return engine.RuleSet(tuple(
        engine.Rule(rule_id=f"asn_rule:{r.pk}", key=r.key, qualifier=r.qualifier, value=r.value,
                    valid_from=r.valid_from, valid_to=r.valid_to, regulation=r.regulation,
                    unconfirmed=r.unconfirmed)
        for r in AsnRule.objects.all()))


def ensure_rules() -> None:
    """Put the rule rows back (a transactional test flushes them) by the migration's own function."""
    import importlib

    from django.apps import apps

    if not AsnRule.objects.exists():
        importlib.import_module("balai.asn.migrations.0002_rules").create(apps, None)
