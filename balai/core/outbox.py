"""Work that must run after a transaction commits and must not be lost: a transactional outbox.

``enqueue(task, **kwargs)`` writes an ``OutboxTask`` row in the caller's transaction, so the
work is recorded if and only if the change that asked for it committed, whatever happens to the
process a moment later (a Celery publish after the commit is lost when the process dies in
between, and costs the request a broker round trip).

- Embedded default (no broker, tasks eager): the row is run right after the commit, in-process,
  as the on-commit task used to be.
- With a broker: Celery beat runs ``balai.core.tasks.drain_outbox`` every ``OUTBOX_DRAIN_SECONDS``
  on a worker. It takes due rows oldest first with ``SKIP LOCKED`` (several workers share them),
  runs the task there (``Task.apply``: the task's own code, no message) and deletes the row. A
  failure keeps the row with ``attempts``, ``last_error`` and a later ``available_at`` (back-off);
  after ``OUTBOX_MAX_ATTEMPTS`` it waits for an operator (admin: "pekerjaan tertunda").

``prepare(task, **kwargs)`` is the same row as a statement for a caller's ``balai.core.batch``
(sent with its other writes, no round trip of its own: the payment posting queues its receipt so,
keyed by channel and reference since the payment's id is not known before the batch runs); call
``placed(rows)`` with the statement's result once the batch ran.

Tasks run this way must be safe to run twice (a worker killed after the task's own commit and
before the row's deletion runs it again), as Celery's acks_late tasks already had to be.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import OutboxTask

log = logging.getLogger("balai.outbox")


def _name(task) -> str:
    return task if isinstance(task, str) else task.name


def enqueue(task, *, robust: bool = False, **kwargs) -> OutboxTask:
    """Record ``task(**kwargs)`` in the current transaction. ``robust``: in the embedded default, a
    failure right after the commit is logged instead of raised (the row stays, with its error)."""
    json.dumps(kwargs)  # fail here, in the caller's transaction, not later in a worker
    now = timezone.now()
    row = OutboxTask.objects.create(task=_name(task), kwargs=kwargs, created_at=now, available_at=now)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: _run_now(row.pk), robust=robust)
    return row


def enqueue_many(task, kwargs_list: list[dict], *, robust: bool = False) -> list[int]:
    """``enqueue`` for many calls of one task in one INSERT (a fan-out); returns the rows' ids."""
    for kwargs in kwargs_list:
        json.dumps(kwargs)
    now = timezone.now()
    rows = OutboxTask.objects.bulk_create(
        [OutboxTask(task=_name(task), kwargs=kwargs, created_at=now, available_at=now) for kwargs in kwargs_list])
    ids = [row.pk for row in rows]
    if settings.CELERY_TASK_ALWAYS_EAGER:
        for pk in ids:
            transaction.on_commit(partial(_run_now, pk), robust=robust)
    return ids


class Prepared:
    """An outbox row as a batch statement (``prepare``)."""

    def __init__(self, task, *, robust: bool, kwargs: dict):
        from .batch import insert

        json.dumps(kwargs)
        now = timezone.now()
        self.robust = robust
        self.statement = insert([OutboxTask(task=_name(task), kwargs=kwargs, created_at=now, available_at=now)],
                                returning=("id",))

    def placed(self, rows: list[tuple]) -> int:
        """The statement ran in the current transaction (``rows``: what it returned)."""
        pk = int(rows[0][0])
        if settings.CELERY_TASK_ALWAYS_EAGER:
            transaction.on_commit(lambda: _run_now(pk), robust=self.robust)
        return pk


def prepare(task, *, robust: bool = False, **kwargs) -> Prepared:
    """``enqueue`` for a caller's batch: put ``.statement`` in it, then call ``.placed(rows)``."""
    return Prepared(task, robust=robust, kwargs=kwargs)


def drain(*, limit: int = 100, budget_seconds: float = 20.0, batch: int | None = None) -> int:
    """Run due rows until none is left, ``limit`` rows ran or the time budget is spent.

    Rows are claimed ``batch`` at a time (``OUTBOX_DRAIN_BATCH``) in one transaction, each run in
    its own savepoint: one claim, one delete and one commit per batch instead of per row (a fan-out
    of reminders is thousands of short rows). A failing row is recorded and the batch goes on; a
    worker killed mid-batch leaves the whole batch to run again, which the tasks tolerate (above)."""
    batch = max(1, batch or settings.OUTBOX_DRAIN_BATCH)
    ran, deadline = 0, time.monotonic() + budget_seconds
    while ran < limit and time.monotonic() < deadline:
        with transaction.atomic():
            rows = list(OutboxTask.objects.select_for_update(skip_locked=True)
                        .filter(available_at__lte=timezone.now(), attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
                        .order_by("available_at", "id")[:min(batch, limit - ran)])
            if not rows:
                break
            done = [row.pk for row in rows if _execute(row, delete=False) is None]
            OutboxTask.objects.filter(pk__in=done).delete()
        ran += len(rows)
    return ran


def _run_now(pk: int) -> None:
    with transaction.atomic():
        row = OutboxTask.objects.select_for_update().filter(pk=pk).first()
        error = _execute(row) if row is not None else None
    if error is not None:
        raise error


def _execute(row: OutboxTask, *, delete: bool = True) -> Exception | None:
    """On a row locked by the caller's transaction: run it; delete it (unless the caller deletes
    it with others), or record the failure."""
    from celery import current_app

    try:
        with transaction.atomic():
            current_app.tasks[row.task].apply(kwargs=row.kwargs, throw=True)
    except Exception as exc:
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        row.available_at = timezone.now() + timedelta(seconds=min(3600, 30 * 2 ** (row.attempts - 1)))
        row.save(update_fields=["attempts", "last_error", "available_at"])
        log.warning("outbox task %s #%s failed (attempt %s): %s", row.task, row.pk, row.attempts, row.last_error)
        return exc
    if delete:
        row.delete()
    return None
