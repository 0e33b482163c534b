"""htmx partials for the cascading province → regency → district → village selects."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import region_children

CASCADE = ("province", "regency", "district", "village")


@require_GET
def region_options(request: HttpRequest) -> HttpResponse:
    """Options for the level below the select that changed, and empty lower levels (out of band).
    The changed select sends its own ``name=value`` (e.g. ``regency=3578``)."""
    for index, level in enumerate(CASCADE[:-1]):
        if level in request.GET:
            parent = request.GET[level].strip()
            options = list(region_children(parent)) if parent.isdigit() else []
            return render(request, "regions/_options.html", {
                "options": options,
                "cleared": [f"id_{name}" for name in CASCADE[index + 2:]],
            })
    return render(request, "regions/_options.html", {"options": list(region_children(None)), "cleared": []})
