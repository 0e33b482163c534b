"""``{% load shell %}{% shell_entries "menu" as items %}``: the shell registry entries of a place
(``balai.core.shell``) that the viewer may see, as ``label``, ``text``, ``url`` and ``current``
(the entry is the page being shown: for ``aria-current``)."""

from __future__ import annotations

from types import SimpleNamespace

from django import template

from balai.core import shell

register = template.Library()


@register.simple_tag(takes_context=True)
def shell_entries(context, place: str) -> list[SimpleNamespace]:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")  # None: anonymous
    path = request.path if request is not None else ""
    items = []
    for entry in shell.entries(place, user):
        url = entry.url
        items.append(SimpleNamespace(label=entry.label, text=entry.text, url=url,
                                     current=url.split("?", 1)[0] == path))
    return items
