"""The public dashboard (no login) and its CSV/JSON downloads; the supervisor's view of the same
figures for their jurisdiction with the overdue cases and the complaint backlog."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from balai.core.formatting import format_rupiah
from balai.regions.selectors import regency_choices

from .. import conf, dashboard_cache
from ..charts import Bar, bar_chart
from ..dashboard import Month, Scope, add_months, months, scope_for
from ..forms import MONTHS
from ..services.refresh import CHANNEL_GROUPS
from ..units import fluency_share, offices_in
from .survey import _service_choices

CHANNEL_LABELS = {"bank": _lazy("Bank (VA)"), "qris": "QRIS", "opop": _lazy("Agen OPOP"), "counter": _lazy("Loket Samsat")}


def _params(request: HttpRequest) -> tuple[Scope, date, dict]:
    regencies = {r.code: r.name for r in regency_choices()}
    services = dict(_service_choices())
    regency = request.GET.get("wilayah", "")
    regency = regency if regency in regencies else ""
    try:
        service_id = int(request.GET.get("layanan", "0"))
    except ValueError:
        service_id = 0
    service_id = service_id if service_id in services else 0
    today = timezone.localdate().replace(day=1)
    try:
        year, month = (int(x) for x in request.GET.get("bulan", "").split("-"))
        period = date(year, month, 1)
    except ValueError:
        period = today
    period = min(period, today)
    names = {"regencies": regencies, "services": services,
             "regency_name": regencies.get(regency, _("Provinsi Jawa Timur")), "service_name": services.get(service_id, "")}
    return scope_for((regency,) if regency else (), service_id or None), period, names


def _month_label(m: date) -> str:
    return f"{str(MONTHS[m.month - 1])[:3]} {m.year}"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{number_format(value, 1)} %"


def _charts(series: list[Month], current: Month) -> list[dict]:
    received = [Bar(_month_label(m.period), m.received, number_format(m.received, force_grouping=True)) for m in series]
    sla = [Bar(_month_label(m.period), m.in_sla_share, _pct(m.in_sla_share)) for m in series]
    ikm = [Bar(_month_label(m.period), m.ikm.ikm if m.ikm and m.ikm.ikm is not None else None,
               f"{number_format(m.ikm.ikm, 2)} ({m.ikm.category})" if m.ikm and m.ikm.ikm is not None else "—")
           for m in series]
    pkb = [Bar(str(CHANNEL_LABELS[g]), current.pkb.get(g, 0), format_rupiah(current.pkb.get(g, 0))) for g in CHANNEL_GROUPS]
    qr = [Bar(_month_label(m.period), m.verified_by_qr, number_format(m.verified_by_qr, force_grouping=True))
          for m in series]
    return [
        {"id": "received", "title": _("Permohonan diterima per bulan"), "bars": received,
         "unit": _("permohonan"), "scale": None},
        {"id": "sla", "title": _("Selesai tepat waktu (% dari yang selesai)"), "bars": sla, "unit": "%", "scale": 100},
        {"id": "ikm", "title": _("Indeks Kepuasan Masyarakat (25–100)"), "bars": ikm, "unit": "IKM", "scale": 100},
        {"id": "pkb", "title": _("PKB terkumpul per kanal, bulan ini"), "bars": pkb, "unit": "Rp", "scale": None},
        {"id": "qr", "title": _("Dokumen diverifikasi lewat QR per bulan"), "bars": qr,
         "unit": _("verifikasi"), "scale": None},
    ]


def _render_charts(charts: list[dict]) -> list[dict]:
    for chart in charts:
        text = "; ".join(f"{b.label}: {b.text if b.value is not None else '—'}" for b in chart["bars"])
        chart["svg"] = bar_chart(chart_id=f"chart-{chart['id']}", title=chart["title"], description=text,
                                 bars=chart["bars"], scale_max=chart["scale"])
    return charts


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope, period, names = _params(request)

    def compute() -> dict:
        series = months(scope, add_months(period, -11), period)
        return {"series": series, "current": series[-1], "charts": _render_charts(_charts(series, series[-1])),
                "fluency": fluency_share(scope.regencies),
                "units": list(offices_in(scope.regency)) if scope.regency else []}

    today = timezone.localdate()
    figures = dashboard_cache.figures((scope, period, today), compute)
    return render(request, "quality/dashboard.html", {
        "scope": scope, "period": period, "names": names, **figures, "demo": getattr(settings, "DEMO", False),
        "query": request.GET.urlencode(), "licence": conf.DATA_LICENCE,
        "month_choices": [add_months(today.replace(day=1), -i) for i in range(24)],
        "channel_labels": CHANNEL_LABELS, "fluency_min": conf.FLUENCY_MIN_ASN})


FIELDS = ("month", "applications_received", "online_share_pct", "counter_share_pct", "completed",
          "completed_within_sla_pct", "median_working_days", "returned_for_fix_pct", "ikm", "ikm_category",
          "survey_responses", "complaints_received", "complaints_resolved", "complaints_resolved_in_time_pct",
          "pkb_bank", "pkb_qris", "pkb_opop", "pkb_counter", "opop_share_pct", "documents_verified_by_qr")


def _num(value):
    return None if value is None else float(value)


def _record(m: Month) -> dict:
    ikm = m.ikm if m.ikm and m.ikm.ikm is not None else None
    return dict(zip(FIELDS, (
        m.period.strftime("%Y-%m"), m.received, _num(m.online_share), _num(m.counter_share), m.completed,
        _num(m.in_sla_share), _num(m.median_days), _num(m.returned_share), _num(ikm.ikm) if ikm else None,
        ikm.category if ikm else None, m.ikm.responses if m.ikm else 0, m.complaints_received,
        m.complaints_resolved, _num(m.complaints_in_time_share), m.pkb["bank"], m.pkb["qris"], m.pkb["opop"],
        m.pkb["counter"], _num(m.opop_share), m.verified_by_qr), strict=True))


def _licence(names: dict, scope: Scope) -> str:
    note = (f"Balai Jatim — dasbor layanan publik, {names['regency_name']}"
            f"{' — ' + names['service_name'] if names['service_name'] else ''}. Lisensi {conf.DATA_LICENCE}. "
            "documents_verified_by_qr: verifikasi dokumen yang dikenal lewat halaman kode QR "
            "(semua layanan; unit tingkat provinsi hanya masuk angka provinsi).")
    return note + (" DATA SINTETIS (mode demo)." if scope.synthetic else "")


@require_GET
def download(request: HttpRequest, data_format: str) -> HttpResponse:
    if data_format not in ("csv", "json"):
        raise Http404
    scope, period, names = _params(request)
    records = [_record(m) for m in months(scope, add_months(period, -11), period)]
    name = f"dasbor-{names['regency_name'].lower().replace(' ', '-')}-{period:%Y%m}"
    if data_format == "json":
        body = json.dumps({"licence": _licence(names, scope), "synthetic": scope.synthetic,
                           "region": names["regency_name"], "service": names["service_name"] or None,
                           "months": records}, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        buffer.write(f"# {_licence(names, scope)}\n")
        writer = csv.DictWriter(buffer, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(records)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{data_format}"'
    return response
