from __future__ import annotations

from django.utils import timezone


class PartnerError(Exception):
    """A refusal with a stable code (API: the error envelope; HTML: a message)."""

    def __init__(self, code: str, message: str, *, status: int = 409, data: dict | None = None):
        super().__init__(message)
        self.code, self.message, self.status, self.data = code, message, status, data or {}


def local_day(when=None):
    return timezone.localdate(when) if when is not None else timezone.localdate()
