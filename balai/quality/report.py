"""The SKM report in the shape of PermenPANRB 14/2017's annex (element table: NRR, weighted NRR;
the unit's IKM, its category and performance; respondents against the Krejcie–Morgan minimum),
as an XLSX workbook and a PDF (the project's WeasyPrint tooling). Aggregates only."""

from __future__ import annotations

import io
from fractions import Fraction

from django.http import HttpResponse
from django.utils import translation

from balai.documents.rendering import render_pdf

from .selectors import SkmReport


def _name(data: SkmReport) -> str:
    return f"skm-{data.start:%Y%m}-{data.end:%Y%m}"


def _num(value) -> float | None:
    return None if value is None else float(value)


def xlsx_response(data: SkmReport) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "IKM"
    bold = Font(bold=True)
    sheet.append(["Laporan Survei Kepuasan Masyarakat (PermenPANRB 14/2017)"])
    sheet["A1"].font = bold
    sheet.append(["Unit layanan", ", ".join(o.name for o in data.offices)])
    sheet.append(["Periode", f"{data.start:%m/%Y} – {data.end:%m/%Y}"])
    sheet.append(["Jumlah responden", data.total.result.responses])
    sheet.append(["Populasi (layanan selesai)", data.total.population])
    sheet.append(["Sampel minimum (Krejcie–Morgan)", data.total.required])
    sheet.append([])
    sheet.append(["Unsur", "Uraian", "Responden menjawab", "NRR", "Bobot", "NRR tertimbang"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    result = data.total.result
    for i, element in enumerate(result.elements, 1):
        weighted = None if element.nrr is None else element.nrr * Fraction(1, 9)
        sheet.append([f"U{i}", str(element.label), element.answered, _num(element.nrr_display), "1/9",
                      None if weighted is None else float(weighted)])
        sheet.cell(sheet.max_row, 4).number_format = "0.00"
        sheet.cell(sheet.max_row, 6).number_format = "0.0000"
    sheet.append([])
    sheet.append(["Nilai SKM (1–4)", _num(result.skm_display)])
    sheet.append(["IKM (SKM × 25)", _num(result.ikm)])
    sheet.append(["IKM dengan bobot 0,11 (pembulatan peraturan)", _num(result.ikm_011)])
    sheet.append(["Mutu pelayanan", result.category])
    sheet.append(["Kinerja unit pelayanan", result.performance])
    sheet.append(["Unsur terendah (prioritas perbaikan)", result.weakest.upper()])
    services = book.create_sheet("Per layanan")
    services.append(["Layanan", "Responden", "Populasi", "Sampel minimum", "IKM", "Mutu", "Unsur terendah"])
    for row in data.services:
        r = row.result
        hidden = row.hidden
        services.append([row.label, r.responses, row.population, row.required,
                         None if hidden else _num(r.ikm), "" if hidden else r.category,
                         "" if hidden else r.weakest.upper()])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_name(data)}.xlsx"'
    return response


def pdf_response(data: SkmReport) -> HttpResponse:
    with translation.override("id"):  # the report is the unit's official text
        pdf = render_pdf("quality/pdf/skm_report.html", {"report": data})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_name(data)}.pdf"'
    return response
