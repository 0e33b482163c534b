"""Public pages: the SIM and passport fees in force, with the regulation beside each amount."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import fees
from ..conf import conf
from ..models import LicenceClass


def cited(rows: list) -> tuple[list[tuple[object, int | None]], list[str]]:
    """Each row with the number of its regulation, and the regulations in order of first use. When
    all rows cite the same regulation there are no numbers (the page names it once under the table);
    when an officer edits one row's citation, that row shows a different number."""
    regulations = list(dict.fromkeys(row.regulation for row in rows))
    marks = {regulation: n for n, regulation in enumerate(regulations, 1)}
    return [(row, marks[row.regulation] if len(regulations) > 1 else None) for row in rows], regulations


def validity_groups() -> list[dict]:
    """The SIM classes grouped by validity and its regulation (5 years; the international SIM 3)."""
    groups: dict[tuple[int, str], list[str]] = {}
    for row in LicenceClass.objects.order_by("order", "code"):
        groups.setdefault((row.validity_years, row.validity_regulation), []).append(row.name)
    return [{"years": years, "regulation": regulation, "classes": names}
            for (years, regulation), names in sorted(groups.items(), key=lambda item: len(item[1]))]


@require_GET
def fees_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sim_rows, sim_regulations = cited(fees.sim_fees(today))
    passport_rows, passport_regulations = cited(fees.passport_fees(today))
    return render(request, "mobility/fees.html", {
        "sim_fees": sim_rows, "sim_regulations": sim_regulations, "passport_fees": passport_rows,
        "passport_regulations": passport_regulations, "validity": validity_groups(), "today": today,
        "window_days": conf.MOBILITY_SIM_RENEWAL_WINDOW_DAYS})
