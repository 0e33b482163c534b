"""The bench scripts' seeding goes through the services, whose rules move on: run it here so a
rule change that breaks a bench is seen in CI, not on the day of the next measurement (session 3
found bench/crash.py failing at its seed since names were restricted to letters)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_crash_bench_seeds_citizens_agents_and_bills():
    from balai.payments.models import Bill

    seeded = _load("crash").seed(6)
    assert len(seeded["citizens"]) == 16 and len(seeded["agents"]) == 4
    assert len(seeded["webhook_bills"]) == len(seeded["collect_bills"]) == 3
    assert all(bill.total == sum(line.amount for line in bill.lines.all()) for bill in Bill.objects.filter(kind="crash"))
