"""Registry of demo-data seeders. Higher apps register a callable in ``AppConfig.ready()``;
``balai seed_demo`` creates the accounts, then runs each seeder (each must be idempotent)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Seeder = Callable[[list[dict]], Iterable[str]]
_seeders: list[tuple[int, str, Seeder]] = []


def register_demo_seeder(name: str, seeder: Seeder, *, order: int = 100) -> None:
    if all(existing != name for _, existing, _ in _seeders):
        _seeders.append((order, name, seeder))


def run_demo_seeders(accounts: list[dict]) -> list[str]:
    lines: list[str] = []
    for _, name, seeder in sorted(_seeders, key=lambda s: (s[0], s[1])):
        lines.extend(f"[{name}] {line}" for line in seeder(accounts))
    return lines
