"""Signed download links: documents their holder may download without an account.

Someone who paid a bill without logging in gets, on the bill's page, a link signed with
``django.core.signing`` (its own salt, expiring after ``DOCUMENT_LINK_MAX_AGE_DAYS``, 30 by default)
that opens the documents of that payment: the receipt and, for vehicle tax, the e-TBPKP. The link
carries only a kind and a reference (``payment``, the payment's row id): nothing personal.

Which documents a grant opens is decided by the apps that own them: each registers a function
``fn(reference) -> iterable of (subject_type, subject_id)`` for a kind, in its ``AppConfig.ready()``
(payments: the receipt of that payment; vehicles: the e-TBPKP of its bill). Downloads still go
through ``selectors.access_document_by_link`` (404 for any other document).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Q

from .models import Document

SALT = "balai.documents.signed-link"

LinkSubjects = Callable[[str], Iterable[tuple[str, str]]]
_SUBJECTS: dict[str, list[LinkSubjects]] = {}


class LinkError(Exception):
    """A link that does not open anything: ``expired`` (too old) or not genuine (tampered)."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class Grant:
    kind: str
    reference: str


def register_link_subjects(kind: str, fn: LinkSubjects) -> None:
    """Add the documents a grant of ``kind`` opens (several apps may add to one kind)."""
    if fn not in _SUBJECTS.setdefault(kind, []):
        _SUBJECTS[kind].append(fn)


def max_age_seconds() -> int:
    return int(getattr(settings, "DOCUMENT_LINK_MAX_AGE_DAYS", 30)) * 24 * 3600


def sign(kind: str, reference: str | int) -> str:
    if kind not in _SUBJECTS:
        raise ValueError(f"no documents registered for signed links of kind {kind!r}")
    return signing.dumps({"k": kind, "r": str(reference)}, salt=SALT, compress=False)


def grant_for(token: str) -> Grant:
    """The grant a genuine, unexpired token carries; ``LinkError`` otherwise."""
    try:
        value = signing.loads(token or "", salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired as exc:
        raise LinkError(expired=True) from exc
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as exc:
        raise LinkError(expired=False) from exc
    if not (isinstance(value, dict) and isinstance(value.get("k"), str) and isinstance(value.get("r"), str)
            and value["k"] in _SUBJECTS):
        raise LinkError(expired=False)
    return Grant(value["k"], value["r"])


def documents_for(grant: Grant) -> list[Document]:
    """The current (not superseded) published documents the grant opens, oldest first."""
    from .selectors import published_documents

    subjects = {pair for fn in _SUBJECTS.get(grant.kind, []) for pair in fn(grant.reference)}
    if not subjects:
        return []
    match = Q()
    for subject_type, subject_id in subjects:
        match |= Q(subject_type=subject_type, subject_id=str(subject_id))
    return list(published_documents().filter(match, superseded_by__isnull=True).order_by("issued_at", "id"))
