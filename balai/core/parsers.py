"""Request parsers for the API (a module of its own: DRF's settings import these while
``rest_framework.views`` is loading, so they must not import anything that imports views)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, except that a document nested deeper than the interpreter's recursion
    limit (``[[[[…]]]]`` ten thousand levels down) is a 400 parse error, not a RecursionError (500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("JSON terlalu dalam bersarang.")) from None
