from __future__ import annotations

from django.utils import timezone

from balai.core.errors import DomainError


class PartnerError(DomainError):
    """A refusal with a stable code (API: the error envelope; HTML: a message). ``data`` holds
    the values behind the refusal; the API sends each under ``fields`` as ``[str(value)]``."""

    def __init__(self, code: str, message: str, *, status: int = 409, data: dict | None = None):
        self.data = data or {}
        super().__init__(code, message, status_code=status, fields={k: [str(v)] for k, v in self.data.items()})

    @property
    def status(self) -> int:
        return self.status_code


def local_day(when=None):
    return timezone.localdate(when) if when is not None else timezone.localdate()
