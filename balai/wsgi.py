"""WSGI entry point (gunicorn ``balai.wsgi:application``).

Payment gateway webhooks (``/api/payments/webhooks/``) go to a second Django handler with a short
middleware list. A bank's signed server-to-server POST uses no session, user, CSRF token, message,
locale, CSP header, htmx or login lockout, and building those for nothing cost ~1 ms of CPU per
webhook, a tenth of a posting. Security headers, host validation and the request
id (which the audit entry records) stay.

SNAP calls from banks (``/v1.0/``: access token, VA inquiry, payment flag, status) are the same
kind of signed server-to-server POST and take the same short handler (in session 8's bench the
full stack held the SNAP flag at ~0.7 of the webhook posting).

Public tracking (``/api/track/``) is an anonymous, cookie-less, read-only JSON GET: it goes through
a third handler that keeps the security headers, the request id, the language (the state label is
translated) and the host check, without session, user, CSRF, messages, CSP, htmx or lockout
(tracking is measured against a bare view). Every other path goes through the full
stack.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
_full = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after setup
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

WEBHOOK_PREFIX = "/api/payments/webhooks/"
WEBHOOK_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "balai.core.middleware.RequestIdMiddleware",
    "django.middleware.common.CommonMiddleware",
]

SNAP_PREFIX = "/v1.0/"  # balai.payments.snap.urls: every path under it is a bank's signed call

TRACKING_PREFIX = "/api/track/"
TRACKING_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "balai.core.middleware.RequestIdMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
]


class ShortStackHandler(WSGIHandler):
    """A WSGIHandler whose middleware chain is ``middleware`` instead of ``settings.MIDDLEWARE``."""

    def __init__(self, middleware: list[str]):
        self._middleware_paths = middleware
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        # Django reads settings.MIDDLEWARE here only; this runs once, at start-up.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = self._middleware_paths
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


_webhooks = ShortStackHandler(WEBHOOK_MIDDLEWARE)
_tracking = ShortStackHandler(TRACKING_MIDDLEWARE)


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path.startswith(WEBHOOK_PREFIX) or path.startswith(SNAP_PREFIX):
        return _webhooks(environ, start_response)
    if path.startswith(TRACKING_PREFIX):
        return _tracking(environ, start_response)
    return _full(environ, start_response)
