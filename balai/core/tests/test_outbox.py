"""The transactional outbox (core/outbox.py): recorded with the change, run once after it."""

from datetime import timedelta

import pytest
from celery import shared_task
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from balai.core import outbox
from balai.core.models import Counter, OutboxTask
from balai.core.numbers import next_value

from .threads import at_once

FAILING: set[str] = set()


@shared_task(name="balai.core.tests.test_outbox.count")
def count(key: str) -> int:
    if key in FAILING:
        raise RuntimeError(f"{key} is failing")
    return next_value(key)


def _runs(key: str) -> int:
    row = Counter.objects.filter(key=key).first()
    return row.value if row else 0


@pytest.mark.django_db
def test_embedded_default_runs_the_task_right_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbox.enqueue(count, key="eager")
        assert _runs("eager") == 0  # not before the commit
    assert len(callbacks) == 1 and _runs("eager") == 1 and not OutboxTask.objects.exists()


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_broker_the_row_waits_for_the_drain_and_runs_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbox.enqueue(count, key="a")
        outbox.enqueue(count, key="b")
    assert not callbacks and OutboxTask.objects.count() == 2 and _runs("a") == 0
    assert outbox.drain() == 2
    assert (_runs("a"), _runs("b")) == (1, 1) and not OutboxTask.objects.exists()
    assert outbox.drain() == 0


@pytest.mark.django_db
def test_work_asked_for_by_a_rolled_back_change_never_exists():
    with transaction.atomic():
        outbox.enqueue(count, key="never")
        transaction.set_rollback(True)
    assert not OutboxTask.objects.exists()


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False, OUTBOX_MAX_ATTEMPTS=3)
def test_a_failure_is_kept_with_its_error_retried_later_and_parked_after_the_last_attempt():
    FAILING.add("flaky")
    try:
        row = outbox.enqueue(count, key="flaky")
        other = outbox.enqueue(count, key="fine")
        assert outbox.drain() == 2  # the failure does not stop the others
        row.refresh_from_db()
        assert row.attempts == 1 and "flaky is failing" in row.last_error and row.available_at > timezone.now()
        assert _runs("fine") == 1 and not OutboxTask.objects.filter(pk=other.pk).exists()
        assert outbox.drain() == 0  # not due yet (back-off)
        for attempt in (2, 3):
            OutboxTask.objects.filter(pk=row.pk).update(available_at=timezone.now() - timedelta(seconds=1))
            assert outbox.drain() == 1
            row.refresh_from_db()
            assert row.attempts == attempt
        OutboxTask.objects.filter(pk=row.pk).update(available_at=timezone.now() - timedelta(seconds=1))
        assert outbox.drain() == 0  # parked for an operator after OUTBOX_MAX_ATTEMPTS
        FAILING.discard("flaky")
        OutboxTask.objects.filter(pk=row.pk).update(attempts=0)  # what an operator's retry does
        assert outbox.drain() == 1 and _runs("flaky") == 1 and not OutboxTask.objects.exists()
    finally:
        FAILING.discard("flaky")


@pytest.mark.django_db
def test_embedded_default_failure_raises_or_is_logged_and_the_row_stays(django_capture_on_commit_callbacks):
    FAILING.add("eager-fail")
    try:
        with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
            outbox.enqueue(count, key="eager-fail")
        with django_capture_on_commit_callbacks(execute=True):
            outbox.enqueue(count, robust=True, key="eager-fail")
        assert list(OutboxTask.objects.values_list("attempts", flat=True)) == [1, 1]
    finally:
        FAILING.discard("eager-fail")


@pytest.mark.django_db
def test_kwargs_must_be_json():
    with pytest.raises(TypeError):
        outbox.enqueue(count, key=object())
    assert not OutboxTask.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_concurrent_drainers_run_each_row_exactly_once():
    for n in range(30):
        outbox.enqueue(count, key=f"conc-{n}")
    ran = at_once(outbox.drain, 3)
    assert sum(ran) == 30 and not OutboxTask.objects.exists()
    assert [_runs(f"conc-{n}") for n in range(30)] == [1] * 30


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
@pytest.mark.parametrize("batch", [1, 3, 20])
def test_a_batch_runs_each_row_once_and_a_failing_row_keeps_its_error_alone(batch):
    keys = [f"b{n}" for n in range(7)]
    FAILING.add("b3")
    try:
        ids = outbox.enqueue_many(count, [{"key": key} for key in keys])
        assert len(ids) == 7 and OutboxTask.objects.count() == 7
        assert outbox.drain(batch=batch, limit=5) == 5  # the limit holds across batches
        assert outbox.drain(batch=batch) == 2
    finally:
        FAILING.discard("b3")
    assert [_runs(key) for key in keys] == [1, 1, 1, 0, 1, 1, 1]
    failed = OutboxTask.objects.get()
    assert failed.kwargs == {"key": "b3"} and failed.attempts == 1 and "b3 is failing" in failed.last_error
    assert failed.available_at > timezone.now()  # backed off: the next drain leaves it
    assert outbox.drain(batch=batch) == 0
