"""Finding and repairing stored text that ``balai.core.text.clean_text`` would refuse today
(``balai repair_text``): rows written before the validator existed, or by a path that forgot it.

Every text, char and JSON column of every Balai model is read in primary-key order, in batches.
A value needs repair when ``text_problems`` finds something (``surrogate``, ``control``,
``noncharacter``, ``not_nfc``, ``carriage_return``); the repair is ``repair_text`` (bad
characters dropped, CR LF → LF, NFC) or ``repair_json`` for JSON. Line breaks and tabs are kept
everywhere (a stored note may be multi-line; refusing new line breaks in single-line fields is the
validator's job, not a repair), and nothing is cut to length.

What survives where:
- SQLite keeps a lone surrogate inside JSON (stored as the escape ``\\ud800``); a text column
  cannot hold one on either database (the driver cannot encode it).
- PostgreSQL refuses a lone surrogate and NUL in text and jsonb at the write (that request failed
  instead), but keeps other control characters, noncharacters and non-NFC text.

Append-only tables (audit log, ledgers, event timelines) and primary keys are listed, never
changed. With ``apply=True`` each repaired row is updated (``QuerySet.update``: no ``save()`` side
effects) with an audit entry ``core.text_repaired`` (columns, problem codes and JSON paths; never
the text) in the same transaction, each batch in its own transaction; the last primary key done
is kept in ``core.Counter`` (``repair_text:<model>``) so an interrupted run resumes there. A row
whose repaired value collides with a unique constraint is reported and left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction

from balai.core import audit
from balai.core.masking import mask_identity_numbers
from balai.core.text import repair_json, repair_text, text_problems

CHECKPOINT_PREFIX = "repair_text:"
# Append-only by design (a hash chain, a ledger, a timeline) or this command's own bookkeeping.
FROZEN_MODELS = {"core.auditentry", "core.auditchain", "core.counter", "cases.caseevent", "vehicles.vehicleevent"}


def problems_of(value: str) -> list[str]:
    found = text_problems(value, multiline=True)
    if "\r" in value:
        found.append("carriage_return")
    return found


def json_problems(value: Any, path: str = "") -> list[tuple[str, list[str]]]:
    """(path, problem codes) of every string of a JSON value that needs repair (keys included)."""
    out: list[tuple[str, list[str]]] = []
    if isinstance(value, str):
        if found := problems_of(value):
            out.append((path, found))
    elif isinstance(value, dict):
        for key, child in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and (found := problems_of(key)):
                where = f"{path}.{key!a}" if path else ascii(key)
                out.append((where + " (key)", found))
            out.extend(json_problems(child, where))
    elif isinstance(value, list | tuple):
        for i, child in enumerate(value):
            out.extend(json_problems(child, f"{path}.{i}" if path else str(i)))
    return out


@dataclass
class Finding:
    label: str  # "cases.application"
    pk: Any
    columns: dict[str, list[str]]  # column → ["not_nfc"] or ["keperluan: surrogate", ...]
    changes: dict[str, Any]
    frozen: bool = False  # append-only table or primary key: listed, not changed
    outcome: str = "pending"  # pending | repaired | conflict | listed

    def line(self) -> str:
        """One report line. No stored text, only codes and paths (a NIK in a path is masked)."""
        parts = "; ".join(f"{column}: {', '.join(found)}" for column, found in self.columns.items())
        note = {"repaired": "", "pending": "", "conflict": " [left as is: the repair collides with another row]",
                "listed": " [listed only: append-only table or primary key]"}[self.outcome]
        return mask_identity_numbers(f"{self.label} #{self.pk} {parts}{note}")


@dataclass
class Summary:
    rows_scanned: int = 0
    findings: list[Finding] = field(default_factory=list)
    resumed: dict[str, Any] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.findings if f.outcome == outcome)


def text_columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)]


def target_models(only: list[str] | None = None) -> list[type[models.Model]]:
    """Balai's concrete models that have text columns (``only``: ``app.model`` labels)."""
    wanted = {label.lower() for label in only or []}
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("balai.") or model._meta.proxy or not model._meta.managed:
            continue
        if wanted and model._meta.label_lower not in wanted:
            continue
        if text_columns(model):
            found.append(model)
    unknown = wanted - {m._meta.label_lower for m in found}
    if unknown:
        raise LookupError(", ".join(sorted(unknown)))
    return sorted(found, key=lambda m: m._meta.label_lower)


def is_frozen(model: type[models.Model]) -> bool:
    return model._meta.label_lower in FROZEN_MODELS or any(c.__name__ == "AppendOnly" for c in model.__mro__)


def _checkpoint_key(model: type[models.Model]) -> str:
    return CHECKPOINT_PREFIX + model._meta.label_lower


def _integer_pk(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField
                      | models.BigIntegerField | models.SmallAutoField)


def checkpoint(model: type[models.Model]) -> int | None:
    from balai.core.models import Counter

    if not _integer_pk(model):
        return None
    return Counter.objects.filter(key=_checkpoint_key(model)).values_list("value", flat=True).first()


def clear_checkpoints(only: list[str] | None = None) -> int:
    """Forget where interrupted runs stopped (``--restart``)."""
    from balai.core.models import Counter

    keys = Counter.objects.filter(key__startswith=CHECKPOINT_PREFIX)
    if only:
        keys = keys.filter(key__in=[_checkpoint_key(m) for m in target_models(only)])
    return keys.delete()[0]


def _inspect(model: type[models.Model], row: dict[str, Any], columns: list[models.Field]) -> Finding | None:
    found: dict[str, list[str]] = {}
    changes: dict[str, Any] = {}
    frozen = is_frozen(model)
    for column in columns:
        value = row[column.attname]
        if isinstance(column, models.JSONField):
            json_found = json_problems(value)
            if json_found:
                found[column.name] = [f"{path or '(value)'}: {', '.join(codes)}" for path, codes in json_found]
                changes[column.attname] = repair_json(value)
        elif isinstance(value, str) and (problems := problems_of(value)):
            if column.primary_key:  # other rows point at it: listed, never rewritten here
                found[column.name] = [*problems, "primary_key"]
            else:
                found[column.name] = problems
                changes[column.attname] = repair_text(value)
    if not found:
        return None
    return Finding(model._meta.label_lower, row["pk"], found, changes, frozen=frozen or not changes)


def _batches(model: type[models.Model], columns: list[models.Field], start_after: int | None,
             batch_size: int) -> Iterator[list[dict[str, Any]]]:
    queryset = model._default_manager.order_by("pk").values("pk", *[c.attname for c in columns])
    last = start_after
    while True:
        chunk = list((queryset.filter(pk__gt=last) if last is not None else queryset)[:batch_size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]


def _apply(model: type[models.Model], finding: Finding) -> None:
    try:
        with transaction.atomic():  # a savepoint: a unique collision leaves the batch going
            model._default_manager.filter(pk=finding.pk).update(**finding.changes)
            audit.record(action="core.text_repaired", object_type=finding.label, object_id=finding.pk,
                         data={"columns": finding.columns})
    except IntegrityError:
        finding.outcome = "conflict"
        return
    finding.outcome = "repaired"


def repair(*, apply: bool = False, only: list[str] | None = None, batch_size: int = 500,
           on_rows: Callable[[int], None] = lambda n: None,
           on_finding: Callable[[Finding], None] = lambda f: None) -> Summary:
    """Scan (and with ``apply`` repair) the stored text; see the module docstring."""
    from balai.core.models import Counter

    summary = Summary()
    for model in target_models(only):
        columns = text_columns(model)
        start_after = checkpoint(model) if apply else None
        if start_after is not None:
            summary.resumed[model._meta.label_lower] = start_after
            on_rows(model._default_manager.filter(pk__lte=start_after).count())
        for chunk in _batches(model, columns, start_after, batch_size):
            with transaction.atomic():
                for row in chunk:
                    finding = _inspect(model, row, columns)
                    if finding is None:
                        continue
                    if finding.frozen:
                        finding.outcome = "listed"
                    elif apply:
                        _apply(model, finding)
                    summary.findings.append(finding)
                    on_finding(finding)
                if apply and _integer_pk(model):
                    Counter.objects.update_or_create(key=_checkpoint_key(model), defaults={"value": chunk[-1]["pk"]})
            summary.rows_scanned += len(chunk)
            on_rows(len(chunk))
        if apply:  # this table is done: the next run scans it again from the start
            Counter.objects.filter(key=_checkpoint_key(model)).delete()
    return summary


def total_rows(only: list[str] | None = None) -> int:
    return sum(model._default_manager.count() for model in target_models(only))
