"""Response renderers of the API (a module of its own, like ``parsers``: DRF's settings import it
while ``rest_framework.views`` is loading)."""

from __future__ import annotations

import logging

from rest_framework import renderers

from balai.core.text import replace_surrogates

logger = logging.getLogger(__name__)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, except that a lone UTF-16 surrogate in the data (a row stored before
    ``balai.core.text`` refused them; SQLite keeps one in JSON) is sent as U+FFFD instead of
    failing the whole answer (one applicant's bad character must not 500 an office's queue).
    It is logged, so the rows can be repaired: ``balai repair_text --apply``."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError as exc:
            if not isinstance(exc.object, str):
                raise
            request = (renderer_context or {}).get("request")
            logger.warning("API answer held a lone surrogate (sent as U+FFFD): %s; run `balai repair_text`",
                           getattr(request, "path", "?"))
            return replace_surrogates(exc.object).encode()
