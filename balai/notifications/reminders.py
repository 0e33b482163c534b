"""Bulk reminders (``balai send_reminders``, daily from beat): apps register reminder sources;
each yields ``Reminder`` rows for a day, in a stable order; every row becomes one notification
(``fanout.notify_many``: the rows of ``notify``, a chunk at a time).

Resumable: each source's position is checkpointed (``ReminderRun``) every ``CHUNK`` rows in the
same transaction as the notifications of those rows, so a run killed half-way starts after the
last committed chunk, and ``notify``'s (event, key, recipient) uniqueness makes a row done twice
harmless. A cap per run (``conf.REMINDER_CAP``) bounds one run; the next run continues.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db import transaction
from django.utils import timezone

from balai.core.progress import progress

from . import conf
from .fanout import notify_many
from .models import ReminderRun

CHUNK = 500


@dataclass(frozen=True)
class Reminder:
    event: str
    recipient: object  # a User
    context: dict
    key: str


Source = Callable[[date], Iterator[Reminder]]
_sources: dict[str, tuple[Source, Callable[[date], int] | None]] = {}


def register_reminder_source(name: str, source: Source, *, count: Callable[[date], int] | None = None) -> None:
    """``source(day)`` yields the day's reminders in a stable order; ``count(day)`` (optional)
    says how many, for the progress bar."""
    _sources[name] = (source, count)


def sources() -> list[str]:
    return sorted(_sources)


@dataclass
class Result:
    seen: int = 0
    notified: int = 0
    capped: bool = False


def run(*, today: date | None = None, cap: int | None = None, progress_bar: bool = True,
        only: list[str] | None = None) -> Result:
    today = today or timezone.localdate()
    cap = conf.REMINDER_CAP if cap is None else cap
    result = Result()
    for name in sources():
        if only and name not in only:
            continue
        source, count = _sources[name]
        state, _created = ReminderRun.objects.get_or_create(day=today, source=name, defaults={"position": 0})
        if state.finished_at is not None:
            continue
        total = count(today) if count else None
        with progress(total=total, description=f"{name} {today}", enabled=progress_bar) as advance:
            advance(state.position)
            rows = islice(source(today), state.position, None)
            while result.seen < cap:
                chunk = list(islice(rows, min(CHUNK, cap - result.seen)))
                with transaction.atomic():
                    result.notified += notify_many(chunk)
                    state.position += len(chunk)
                    if len(chunk) < min(CHUNK, cap - result.seen):
                        state.finished_at = timezone.now()
                    state.save(update_fields=["position", "finished_at"])
                result.seen += len(chunk)
                advance(len(chunk))
                if state.finished_at is not None:
                    break
        if result.seen >= cap and state.finished_at is None:
            result.capped = True
            break
    return result
