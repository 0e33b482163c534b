"""Scoped reads of documents."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404

from balai.accounts.models import Role

from .models import PUBLISHED_STATUSES, Document
from .tokens import parse_token

# Staff roles that may download any citizen's document (each download is audited).
DOWNLOAD_STAFF_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.ADMIN})


# Jurisdiction of staff downloads, per subject type: ``fn(user, subject_id) -> bool``, registered by
# the app that owns the subject, the same rule as viewing it; a subject it cannot find is False (404).
#   "case" (cases): the case's scope.  "payment" (payments, receipts) and "vehicle_tax_bill"
#   (vehicles, e-TBPKP): the bill's regency.  "partners.commission": the point's supervisors.
#   "demo": registered open on purpose (the seeded letter of the demo citizen has no jurisdiction).
# A subject type without a registered scope is closed to staff (404; admin excepted): a new kind of
# document is visible to its owner until its app says which staff may read it.
StaffScope = Callable[[object, str], bool]
_STAFF_SCOPES: dict[str, StaffScope] = {}


def open_to_staff(user, subject_id: str) -> bool:
    """The scope of subject types without a jurisdiction (registered explicitly, see above)."""
    return True


def register_staff_scope(subject_type: str, scope: StaffScope) -> None:
    _STAFF_SCOPES[subject_type] = scope


def published_documents() -> QuerySet[Document]:
    return Document.objects.filter(status__in=PUBLISHED_STATUSES)


def document_for_token(token: str) -> Document | None:
    """The published document a genuine token names; None for unknown, tampered or unfinished."""
    document_id = parse_token(token)
    if document_id is None:
        return None
    return published_documents().filter(pk=document_id).first()


def document_by_sha256(sha256: str) -> Document | None:
    return published_documents().filter(sha256=sha256).first()


def documents_for_owner(*, user) -> QuerySet[Document]:
    return published_documents().filter(owner=user).order_by("-issued_at", "-id")


def can_download(user, document: Document) -> bool:
    if not user.is_authenticated:
        return False
    if document.owner_id is not None and document.owner_id == user.pk:
        return True
    # Staff only with a session that passed the second factor (django-otp's is_verified).
    is_verified = getattr(user, "is_verified", None)
    if not (user.role in DOWNLOAD_STAFF_ROLES and callable(is_verified) and bool(is_verified())):
        return False
    if user.role == Role.ADMIN:
        return True
    scope = _STAFF_SCOPES.get(document.subject_type)
    return scope is not None and bool(scope(user, document.subject_id))


def access_document(*, user, pk: int) -> Document:
    """The only way a view gets a document to download. 404 (not 403) for everything else, so
    ids of other people's documents reveal nothing."""
    document = published_documents().filter(pk=pk).first()
    if document is None or not can_download(user, document):
        raise Http404
    return document


def access_document_by_link(*, token: str, pk: int) -> Document:
    """The other way a view gets a document to download: through a signed link (``links``), for
    someone without an account. ``links.LinkError`` for an expired or tampered link (the view says
    which); 404 for a document the link does not open."""
    from .links import documents_for, grant_for

    document = next((d for d in documents_for(grant_for(token)) if d.pk == pk), None)
    if document is None:
        raise Http404
    return document


def personal_data(user) -> list[dict]:
    """Documents issued to the user (every status: superseded and revoked ones were about them
    too), for the UU PDP export: number, type, status and the SHA-256 of the stored PDF."""
    return [{
        "number": d.number, "type": d.doc_type, "version": d.version, "status": d.status,
        "subject_name": d.subject_name, "issuing_unit": d.issuing_unit, "issued_at": d.issued_at.isoformat(),
        "sha256": d.sha256, "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
        "revocation_reason": d.revocation_reason,
    } for d in Document.objects.filter(owner=user).order_by("issued_at", "id")]
