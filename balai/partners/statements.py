"""Commission statement per point per month as a signed A4 PDF, issued by ``balai.documents``.

Only for a month that has ended: the document is idempotent per (point, month), so a statement
of a running month would freeze numbers that can still change.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.documents.services import document_issue

from .selectors import CommissionStatement
from .services import PartnerError

TEMPLATE = "partners/pdf/commission_statement.html"
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]


def commission_document(statement: CommissionStatement, *, by):
    today = timezone.localdate()
    if (statement.year, statement.month) >= (today.year, today.month):
        raise PartnerError("month_running", _("Rekap PDF hanya untuk bulan yang sudah berakhir; gunakan CSV."))
    point = statement.point
    rows = [{"day": timezone.localtime(r.collected_at).strftime("%d-%m-%Y"), "receipt": r.payment.receipt_number,
             "code": r.bill.payment_code, "agent": r.agent.user.full_name, "amount": r.amount,
             "commission": r.commission} for r in statement.rows]
    context = {"point": {"name": point.name, "code": point.code, "address": point.address,
                         "kind": point.get_kind_display(), "rule": point.get_commission_kind_display(),
                         "value": point.commission_value, "percent": point.commission_kind == "percent"},
               "period": f"{MONTHS_ID[statement.month - 1]} {statement.year}", "rows": rows,
               "count": statement.count, "amount": statement.amount, "commission": statement.commission}
    try:
        document = document_issue(doc_type="letter", subject_type="partners.commission",
                                  subject_id=f"{point.code}:{statement.year}-{statement.month:02d}", template=TEMPLATE,
                                  context=context, issuing_unit=point.samsat_unit, subject_name=point.name)
    except Exception as exc:  # signer not configured: a clear refusal, not a 500
        raise PartnerError("documents_unavailable", _("Dokumen PDF tidak dapat diterbitkan sekarang (%(e)s).")
                           % {"e": type(exc).__name__}, status=503) from exc
    audit.record(action="partners.commission_statement", actor=by, object_type="service_point", object_id=point.code,
                 data={"period": f"{statement.year}-{statement.month:02d}", "document": document.pk,
                       "amount": statement.amount, "commission": statement.commission})
    return document


def commission_pdf(statement: CommissionStatement, *, by) -> FileResponse:
    document = commission_document(statement, by=by)
    response = FileResponse(default_storage.open(document.storage_key, "rb"), as_attachment=True,
                            filename=f"komisi-{statement.point.code}-{statement.year}-{statement.month:02d}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
