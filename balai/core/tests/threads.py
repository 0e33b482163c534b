"""Run a function in several threads at once (concurrency tests on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(fn: Callable[[], Any], threads: int, *, timeout: float = 120) -> list[Any]:
    """Start ``threads`` calls of ``fn`` together (a barrier), each on its own database
    connection; returns their results. An exception in a thread is re-raised here."""
    barrier = threading.Barrier(threads)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout)
    if errors:
        raise errors[0]
    assert len(results) == threads, f"{threads - len(results)} thread(s) did not finish in {timeout} s"
    return results
