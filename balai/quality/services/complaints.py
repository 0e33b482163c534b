"""Complaint writes: filing (routed to the responsible unit), staff handling with the SLA in working
days, the reporter's replies. Each step appends a ``ComplaintMessage`` (the status log)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.cases.models import Application, Office, UnitType
from balai.core.calendar import add_working_days
from balai.core.numbers import CodeScheme
from balai.core.text import clean_text

from .. import conf
from ..errors import QualityError
from ..models import (
    OPEN_COMPLAINT_STATES,
    Complaint,
    ComplaintMessage,
    ComplaintMonthStat,
    ComplaintStatus,
    ComplaintSubject,
)

NUMBERS = CodeScheme("quality.complaint", digits=8)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Route:
    unit_type: str
    regency_code: str
    service_id: int | None = None


def _not_found(field: str = "subject_ref") -> QualityError:
    return QualityError("complaint_ref_unknown", _("Nomor rujukan tidak dikenal. Periksa nomornya, atau pilih pengaduan umum."),
                        fields={field: [_("Nomor rujukan tidak dikenal.")]})


def route_for(subject_kind: str, subject_ref: str, regency_code: str) -> Route:
    """The unit responsible for what the complaint is about (read from the app that owns it)."""
    ref = "".join(ch for ch in subject_ref if ch.isalnum() or ch in "-/.")
    if subject_kind == ComplaintSubject.APPLICATION:
        app = Application.objects.filter(tracking_number="".join(c for c in ref if c.isdigit())).select_related(
            "office").first()
        if app is None:
            raise _not_found()
        return Route(app.office.unit_type, app.office.regency_code, app.service_id)
    if subject_kind == ComplaintSubject.DOCUMENT:
        from balai.documents.selectors import published_documents

        document = published_documents().filter(number=subject_ref.strip()).first()
        office = Office.objects.filter(name=document.issuing_unit).first() if document else None
        if office is None:
            raise _not_found()
        return Route(office.unit_type, office.regency_code)
    if subject_kind == ComplaintSubject.PAYMENT:
        from balai.payments.selectors import bill_for_code

        bill = bill_for_code(ref)
        if bill is None or not bill.regency_code:
            raise _not_found()
        return Route(UnitType.BAPENDA, bill.regency_code)
    if subject_kind == ComplaintSubject.SERVICE_POINT:
        from balai.partners.models import ServicePoint

        point = ServicePoint.objects.filter(code=ref.upper()).only("regency_code").first()
        if point is None:
            raise _not_found()
        return Route(UnitType.BAPENDA, point.regency_code)
    if not regency_code:
        raise QualityError("complaint_regency", _("Pilih kabupaten/kota tempat layanan diterima."),
                           fields={"regency": [_("Pilih kabupaten/kota.")]})
    return Route(UnitType.DUKCAPIL, regency_code)


def _stat(period: date, unit_type: str, regency_code: str, **increments: int) -> None:
    stat, _created = ComplaintMonthStat.objects.get_or_create(period=period.replace(day=1), unit_type=unit_type,
                                                              regency_code=regency_code, synthetic=False)
    ComplaintMonthStat.objects.filter(pk=stat.pk).update(**{k: F(k) + v for k, v in increments.items()})


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    follow_key: str  # shown once: the reporter's link when they have no account


def complaint_file(*, by, subject_kind: str, subject_ref: str, category: str, text: str, anonymous: bool,
                   regency_code: str = "") -> Filed:
    user = by if by is not None and by.is_authenticated else None
    if subject_kind != ComplaintSubject.GENERAL and not subject_ref.strip():
        raise QualityError("complaint_ref_missing", _("Isi nomor rujukan."), fields={"subject_ref": [_("Isi nomor rujukan.")]})
    route = route_for(subject_kind, subject_ref, regency_code)
    body = clean_text(text, max_length=4000, multiline=True).strip()
    if not body:
        raise QualityError("complaint_empty", _("Tuliskan isi pengaduan."), fields={"text": [_("Tuliskan isi pengaduan.")]})
    now = timezone.now()
    today = timezone.localdate(now)
    key = secrets.token_urlsafe(18)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            number=NUMBERS.new("quality.complaint"), follow_key_hash=key_hash(key), subject_kind=subject_kind,
            subject_ref=subject_ref.strip()[:40] if subject_kind != ComplaintSubject.GENERAL else "",
            category=category, unit_type=route.unit_type, regency_code=route.regency_code,
            office=Office.objects.filter(unit_type=route.unit_type, regency_code=route.regency_code).first(),
            service_id=route.service_id, reporter=user, anonymous=anonymous or user is None, text=body,
            received_at=now, due_date=add_working_days(today, conf.COMPLAINT_SLA_DAYS, regency_code=route.regency_code))
        ComplaintMessage.objects.create(complaint=complaint, by_reporter=True, author=user,
                                        status=ComplaintStatus.RECEIVED, text="", created_at=now)
        _stat(today, route.unit_type, route.regency_code, received=1)
    return Filed(complaint, key)


# action → (allowed from, to)
TRANSITIONS = {
    "progress": ({ComplaintStatus.RECEIVED}, ComplaintStatus.IN_PROGRESS),
    "extend": ({ComplaintStatus.RECEIVED, ComplaintStatus.IN_PROGRESS}, ComplaintStatus.EXTENDED),
    "answer": (set(OPEN_COMPLAINT_STATES), ComplaintStatus.ANSWERED),
    "close": (set(OPEN_COMPLAINT_STATES) | {ComplaintStatus.ANSWERED}, ComplaintStatus.CLOSED),
    "forward": (set(OPEN_COMPLAINT_STATES), ComplaintStatus.FORWARDED),
}


def complaint_act(*, complaint: Complaint, by, action: str, text: str = "", public_summary: str = "",
                  lapor_number: str = "") -> Complaint:
    """A staff step. Call with a complaint the caller may handle (``selectors.access_complaint``)."""
    if action not in TRANSITIONS:
        raise QualityError("complaint_action", _("Tindakan tidak dikenal."))
    allowed, to_state = TRANSITIONS[action]
    message = clean_text(text or "", max_length=4000, multiline=True).strip()
    summary = clean_text(public_summary or "", max_length=1000, multiline=True).strip()
    if action in ("answer", "forward") and not message:
        raise QualityError("complaint_text", _("Tuliskan jawaban untuk pelapor."), fields={"text": [_("Wajib diisi.")]})
    if action == "close" and not summary:
        raise QualityError("complaint_summary", _("Tuliskan ringkasan untuk daftar publik."),
                           fields={"public_summary": [_("Wajib diisi.")]})
    now = timezone.now()
    with transaction.atomic():
        current = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if current.status not in allowed or (action == "extend" and current.extended):
            raise QualityError("complaint_state", _("Tindakan ini tidak dapat dilakukan pada status sekarang."),
                               status_code=409)
        if action == "extend":
            current.extended = True
            current.due_date = add_working_days(current.due_date, conf.COMPLAINT_EXTENSION_DAYS,
                                                regency_code=current.regency_code)
        if action in ("answer", "close") and current.resolved_at is None:
            current.resolved_at = now
            in_time = timezone.localdate(now) <= current.due_date
            _stat(timezone.localdate(now), current.unit_type, current.regency_code, resolved=1,
                  resolved_in_time=int(in_time))
        if lapor_number.strip():
            current.lapor_number = clean_text(lapor_number.strip(), max_length=30)
        if summary:
            current.public_summary = summary
        current.status = to_state
        current.save()
        ComplaintMessage.objects.create(complaint=current, author=by, status=to_state, text=message, created_at=now)
    return current


def complaint_reply(*, complaint: Complaint, text: str, by=None) -> Complaint:
    """The reporter answers (from their account or the follow link). A reply to an answer reopens
    the complaint for the unit; a closed or forwarded complaint takes no more replies."""
    body = clean_text(text, max_length=4000, multiline=True).strip()
    if not body:
        raise QualityError("complaint_text", _("Tuliskan tanggapan Anda."), fields={"text": [_("Wajib diisi.")]})
    with transaction.atomic():
        current = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if current.status in (ComplaintStatus.CLOSED, ComplaintStatus.FORWARDED):
            raise QualityError("complaint_closed", _("Pengaduan ini sudah ditutup."), status_code=409)
        if current.status == ComplaintStatus.ANSWERED:
            current.status = ComplaintStatus.IN_PROGRESS
            current.save(update_fields=["status"])
        ComplaintMessage.objects.create(complaint=current, by_reporter=True,
                                        author=by if by is not None and by.is_authenticated else None,
                                        status=current.status, text=body, created_at=timezone.now())
    return current
