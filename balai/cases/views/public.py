"""Public pages: the service catalogue, a service's published standard and tracking by receipt."""

from __future__ import annotations

from django import forms
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from balai.core import forms as core_forms
from balai.core import shell
from balai.core.api import IPRateThrottle

from .. import restrictions, selectors, tracking_guard
from ..handlers import handler_for
from ..labels import action_label
from ..page_links import service_links

# --- catalogue -------------------------------------------------------------------------------

@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:80]
    versions = selectors.published_versions(q)
    # the public services other apps registered (vehicle tax, verification…) and planned ones not here yet
    found = shell.search(q, request.user)
    others = [e for e in found.entries if e.url_name not in ("cases:catalogue", "cases:service")]  # listed above
    template = "cases/_service_list.html" if getattr(request, "htmx", False) else "cases/catalogue.html"
    return render(request, template, {"versions": versions, "q": q, "others": others,
                                      "unavailable": found.unavailable})


@require_GET
def service_page(request: HttpRequest, code: str) -> HttpResponse:
    if code in restrictions.staff_filed_services() and getattr(request.user, "role", None) not in selectors.DESK_ROLES:
        raise Http404  # filed by staff for someone: not a page of the public catalogue
    version = selectors.current_version(code)
    prefetch_related_objects([version], "requirements")
    requirements = list(version.requirements.all())
    return render(request, "cases/service.html", {
        "version": version, "requirements": requirements,
        "alternatives": {r.alternative_of_id: r for r in requirements if r.alternative_of_id},
        "schema": handler_for(version).form_fields(version),
        "service_links": service_links(version),  # e.g. quality's complaint form, under "complaint handling"
    })

# --- public tracking -------------------------------------------------------------------------

class TrackPageThrottle(IPRateThrottle):
    scope = "tracking"


class TrackForm(core_forms.Form):
    nomor = forms.CharField(label=gettext_lazy("Nomor pelacakan"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    pin = forms.CharField(label=gettext_lazy("PIN"), max_length=6, min_length=6,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


@never_cache
@require_http_methods(["GET", "POST"])
def track_page(request: HttpRequest) -> HttpResponse:
    """``/lacak``: the PIN travels in a POST body, not in URLs or logs."""
    form = TrackForm(request.POST or None, initial={"nomor": request.GET.get("nomor", "")[:20]})
    found, status, retry_after = None, 200, 0
    if request.method == "POST" and form.is_valid():
        throttle = TrackPageThrottle()
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]  # plain view
            form.add_error(None, _("Terlalu banyak percobaan. Coba lagi beberapa saat lagi."))
            status, retry_after = 429, int(throttle.wait() or 0)
        else:
            try:
                found = tracking_guard.public_status(form.cleaned_data["nomor"], form.cleaned_data["pin"])
            except tracking_guard.TrackingLocked as locked:
                form.add_error(None, locked.message)
                status, retry_after = 429, locked.wait
            else:
                if found is None:
                    form.add_error(None, _("Nomor pelacakan atau PIN tidak cocok."))
                    status = 404
    timeline = []
    if found:
        timeline = [{"label": action_label(e["action"]), "at": parse_datetime(e["at"])}
                    for e in found["events"]]
    response = render(request, "cases/track.html", {"form": form, "found": found, "timeline": timeline},
                      status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response

# --- bench only ------------------------------------------------------------------------------

def bench_bare(request: HttpRequest, pk: int) -> HttpResponse:
    """The bench's baseline: one primary-key SELECT, no framework (routed only with BALAI_BENCH_URLS=1)."""
    from django.http import JsonResponse

    from ..models import Application

    row = Application.objects.filter(pk=pk).values("state").first()
    if row is None:
        raise Http404
    return JsonResponse(row)
