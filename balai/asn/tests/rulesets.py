"""The seeded rules as an engine RuleSet without a database (the migration's own rows)."""

from __future__ import annotations

import importlib

from balai.asn import engine


def seeded_rules() -> engine.RuleSet:
    rows = importlib.import_module("balai.asn.migrations.0002_rules").ROWS
    return engine.RuleSet(tuple(
        engine.Rule(rule_id=f"seed:{i}", key=key, qualifier=qualifier, value=value, valid_from=valid_from,
                    valid_to=valid_to, regulation=regulation, unconfirmed=unconfirmed)
        for i, (key, qualifier, value, valid_from, valid_to, regulation, unconfirmed, _note) in enumerate(rows)))
