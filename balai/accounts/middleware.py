from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "balai_last_seen"


class StaffIdleTimeoutMiddleware:
    """Ends a staff session after STAFF_IDLE_TIMEOUT seconds without a request. Citizens keep
    Django's normal session lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "is_staff_role", False):
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - int(last) > settings.STAFF_IDLE_TIMEOUT:
                logout(request)
                request.session["balai_idle_logout"] = True
            elif last is None or now - int(last) >= 30:  # refresh twice a minute, not on every request
                request.session[LAST_SEEN] = now
        return self.get_response(request)
