"""Calling ``balai.wsgi.application`` (gunicorn's entry point, with its short middleware stacks)
from a test, inside the test's transaction."""

from __future__ import annotations

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def call_wsgi(environ: dict) -> tuple[str, dict, bytes]:
    """(status, headers, body) of one request through ``balai.wsgi.application``. As django.test.Client
    does, the connection-closing signal handlers are detached so the test's transaction survives."""
    from balai import wsgi

    seen: dict = {}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(wsgi.application(environ, lambda status, headers: seen.update(status=status,
                                                                                       headers=dict(headers))))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body


def middleware_chain(handler) -> list:
    """The middleware instances of a WSGIHandler, outermost first."""
    found, current = [], handler._middleware_chain
    while current is not None:
        current = getattr(current, "__wrapped__", current)  # convert_exception_to_response wraps each
        found.append(current)
        current = getattr(current, "get_response", None)
    return found
