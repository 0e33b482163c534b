"""Promotion proposals and retirement files as cases of the case engine (``balai.cases``).

Two catalogue services, seeded by migration 0008 with their own workflow (``asn-kepegawaian``):

- the case is the ASN's (``applicant``); the unit's HR officer who files it is its ``filed_by``, as a
  counter officer files for a citizen; a retirement file opened by the daily task has the unit's
  first HR officer as filer, or none;
- it is routed to the office named like the ASN's unit (``StaffProfile.unit``), so it appears in
  the work queue of that unit's HR officers (and supervisors);
- once they have verified the documents, ``case_forward`` sends it on to BKD: the workflow's
  ``forward`` action (system role only, so the desk never offers it as a plain button) and the
  case re-routed to BKD's office, whose officers claim and approve it; the handler refuses an
  approval before that (``handlers.py``), and its ``outputs`` draft the signed decision letter.

A case for someone who is not a registered citizen is opened with ``cases.services.application_open``;
only the unit's HR officers, BKD and supervisors see these cases (``handlers.may_handle_personnel_files``,
registered with ``cases.restrictions``), and the public catalogue does not list the two services.
The case engine has no handler hook on a custom action, so ``case_forward`` re-routes the case itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from balai.cases.models import Application, Office, ServiceVersion, UnitType
from balai.cases.services import application_act, application_open
from balai.core import audit

from .models import AsnProfile
from .services import AsnError

SERVICE_PROMOTION = "asn-kenaikan-pangkat"
SERVICE_RETIREMENT = "asn-pensiun-bup"
SERVICES = (SERVICE_PROMOTION, SERVICE_RETIREMENT)
WORKFLOW = "asn-kepegawaian"


def bkd_unit() -> str:
    """The staff unit (and office name) of the provincial BKD, which approves (setting ``ASN_BKD_UNIT``)."""
    return str(getattr(settings, "ASN_BKD_UNIT", "BKD Provinsi Jawa Timur"))


def bkd_regency() -> str:
    """Where BKD's office is (setting ``ASN_BKD_REGENCY``; Surabaya)."""
    return str(getattr(settings, "ASN_BKD_REGENCY", "3578"))


def current_version(code: str) -> ServiceVersion:
    version = (ServiceVersion.objects.filter(service__code=code, published_at__isnull=False)
               .select_related("service").order_by("-version").first())
    if version is None:
        raise AsnError("no_service", _("Layanan kepegawaian belum ada di katalog (migrasi asn 0009)."),
                       status_code=503)
    return version


def _named_office(name: str, regencies: list[str]) -> Office | None:
    """The office named like a staff unit in one of ``regencies``; made on first use in the first
    of them, as an office of type "province" or "other" (the catalogue keeps one office per type and
    regency: when both are taken by other names, the unit has no office and that is said)."""
    found = Office.objects.filter(name__iexact=name.strip(), regency_code__in=regencies).order_by("pk").first()
    if found is not None or not regencies:
        return found
    for unit_type in (UnitType.PROVINCE, UnitType.OTHER):
        Office.objects.bulk_create([Office(unit_type=unit_type, regency_code=regencies[0], name=name.strip())],
                                   ignore_conflicts=True)
        found = Office.objects.filter(name__iexact=name.strip(), regency_code=regencies[0]).first()
        if found is not None:
            return found
    return None


def unit_office(profile: AsnProfile) -> Office:
    staff = getattr(profile.user, "staff", None)
    regencies = sorted(staff.jurisdiction.values_list("code", flat=True)) if staff is not None else []
    office = _named_office(profile.unit, regencies) if profile.unit else None
    if office is None:
        raise AsnError("no_office", _("Unit kerja %(unit)s belum terdaftar sebagai kantor layanan di wilayah "
                                      "kerjanya.") % {"unit": profile.unit or "—"}, status_code=409)
    return office


def bkd_office() -> Office:
    office = _named_office(bkd_unit(), [bkd_regency()])
    if office is None:
        raise AsnError("no_office", _("Kantor %(unit)s belum terdaftar.") % {"unit": bkd_unit()}, status_code=409)
    return office


def _nik_of(user) -> str:
    citizen = getattr(user, "citizen", None)
    return getattr(citizen, "nik", "") or ""


def case_open(*, code: str, profile: AsnProfile, filed_by, data: dict[str, Any], by) -> Application:
    """A draft case of service ``code`` for ``profile``'s ASN, routed to their unit's office.
    Call inside the transaction that writes the domain record."""
    return application_open(version=current_version(code), applicant=profile.user, office=unit_office(profile),
                            by=by, filed_by=filed_by, data=data, subject_nik=_nik_of(profile.user),
                            audit_data={"nip": profile.nip})


def at_bkd(app: Application) -> bool:
    return app.office.name.strip().lower() == bkd_unit().strip().lower()


def may_forward(by, app: Application) -> bool:
    """The unit's HR officer holding the case, or a supervisor of the unit's office."""
    from balai.cases.selectors import staff_scope

    if app.office_id not in staff_scope(by).office_ids:
        return False
    if by.role == "supervisor":
        return True
    return app.assignee_id == by.pk and bool(getattr(getattr(by, "asn", None), "is_hr_officer", False))


def case_forward(*, application: Application, by, note: str = "") -> Application:
    """Send a case its unit has verified on to BKD: the ``forward`` action (the workflow checks the
    state and that every required document is verified, 422 otherwise), then BKD's office."""
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("office").get(pk=application.pk)
        if app.service.code not in SERVICES or at_bkd(app) or not may_forward(by, app):
            raise AsnError("forbidden", _("Hanya pengelola kepegawaian unit yang memegang berkas ini yang dapat "
                                          "meneruskannya ke BKD."), status_code=403)
        office = bkd_office()
        text = _("Diteruskan ke %(bkd)s oleh %(name)s.") % {"bkd": office.name, "name": by.full_name}
        app = application_act(application=app, by=None, action="forward", note=f"{text} {note}".strip(),
                              transaction_id=f"forward-{app.pk}")
        Application.objects.filter(pk=app.pk).update(office=office, assignee=None)
        audit.record(action="asn.case_forwarded", actor=by, object_type="case", object_id=app.tracking_number,
                     data={"to_office": office.name})
        app.office, app.assignee = office, None
    return app
