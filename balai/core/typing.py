"""Request types for views that only an authenticated user reaches (``staff_required``,
``citizen_required``, ``login_required``): there ``user`` is a ``User``, never ``AnonymousUser``.
For annotations only: nothing here changes a request at runtime."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from balai.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    user: User
