"""HTML: linking a vehicle to the citizen's account by the facts on its STNK (``linking.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balai.accounts.decorators import citizen_required
from balai.core.errors import add_form_errors

from .forms import LinkVehicleForm
from .linking import LinkRefused, vehicle_link


@citizen_required
@require_http_methods(["GET", "POST"])
def link_vehicle(request: HttpRequest) -> HttpResponse:
    form = LinkVehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            vehicle = vehicle_link(user=request.user, plate=c["plate"], chassis_tail=c["chassis_tail"],
                                   stnk_valid_until=c["stnk_valid_until"])
        except LinkRefused as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Kendaraan %(plate)s tertaut ke akun Anda.") % {"plate": vehicle.plate_display})
            return redirect("vehicles:mine")
    return render(request, "vehicles/link.html", {"form": form})
