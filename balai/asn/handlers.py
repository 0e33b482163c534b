"""Case-engine handlers of the two ASN services (``cases_link.SERVICES``): the form as the desk shows
it, eligibility by asn's rule engine, BKD's approval, the signed decision letter.

Registered in ``AsnConfig.ready()``; the catalogue rows come from migration 0008."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from balai.cases.handlers import OutputSpec, ServiceHandler, register_handler

from . import eligibility
from .cases_link import SERVICE_PROMOTION, SERVICE_RETIREMENT, at_bkd, bkd_unit
from .models import AsnProfile, Rank
from .services import AsnError

DECISION = "asn_decision"


def _field(name: str, label: str, label_en: str, kind: str = "text") -> dict:
    return {"name": name, "label": label, "label_en": label_en, "type": kind, "required": True, "max_length": 60}


PROMOTION_FIELDS = [
    _field("nip", "NIP", "NIP"), _field("unit", "Unit kerja", "Unit"),
    _field("from_rank", "Pangkat sekarang", "Current rank"), _field("to_rank", "Pangkat yang diusulkan", "Proposed rank"),
    _field("period", "Periode (TMT pangkat baru)", "Period (effective date of the new rank)", "date"),
]
RETIREMENT_FIELDS = [
    _field("nip", "NIP", "NIP"), _field("unit", "Unit kerja", "Unit"),
    {"name": "retirement_age", "label": "Batas usia pensiun (tahun)", "label_en": "Retirement age (years)",
     "type": "integer", "required": True, "min": 50, "max": 70},
    _field("tmt", "TMT pensiun", "Effective date of retirement", "date"),
]


def _profile(applicant) -> AsnProfile | None:
    return AsnProfile.objects.select_related("user__staff").filter(user=applicant).first()


class _AsnHandler(ServiceHandler):
    fields: list[dict] = []

    def form_fields(self, version) -> list[dict]:
        return [dict(spec) for spec in self.fields]

    def eligibility(self, version, applicant) -> str | None:
        profile = _profile(applicant)
        if profile is None or profile.kind != "pns":
            return str(_("Layanan ini hanya untuk PNS yang memiliki profil ASN di Balai."))
        return None

    def validate(self, application, data: dict[str, Any]) -> dict[str, Any]:
        """The data are the ASN record's, written by asn (``files.py``): a change by hand is refused."""
        if application is not None and application.data and data != application.data:
            raise ValidationError({"__all__": [_("Data usul diambil dari profil ASN dan tidak dapat diubah di sini; "
                                                 "perbarui profil ASN, lalu buat usul baru.")]})
        return data

    def on_approve(self, application, *, by) -> None:
        """Only BKD approves: at the unit the case is verified, then forwarded (``cases_link``)."""
        if not at_bkd(application):
            from balai.core.api import ApiError

            raise ApiError("forward_to_bkd", _("Usul disetujui oleh %(bkd)s. Setelah persyaratan diverifikasi, "
                                               "teruskan ke BKD dari halaman Kenaikan pangkat dan pensiun.")
                           % {"bkd": bkd_unit()}, status_code=409)

    def outputs(self, application) -> list[OutputSpec]:
        with translation.override("id"):  # the decision letter is the legal text: Indonesian
            subject, paragraphs = self._decision(application)
            data = application.data
            return [OutputSpec(doc_type=DECISION, template="documents/pdf/letter.html", title=subject, context={
                "title": "Surat Keputusan", "recipient": [application.subject_name, f"NIP {data.get('nip', '')}"],
                "subject": subject,
                "opening": f"Menindaklanjuti usul nomor {application.tracking_display},",
                "paragraphs": paragraphs,
                "facts": [["Nama", application.subject_name], ["NIP", data.get("nip", "")],
                          ["Unit kerja", data.get("unit", "")], ["Nomor usul", application.tracking_display]],
                "closing": "Keputusan ini berlaku sejak tanggal yang disebutkan di atas."})]

    def _decision(self, application) -> tuple[str, list[str]]:
        raise NotImplementedError


class PromotionHandler(_AsnHandler):
    fields = PROMOTION_FIELDS

    def eligibility(self, version, applicant) -> str | None:
        reason = super().eligibility(version, applicant)
        if reason:
            return reason
        try:
            eligibility.promotion_check(_profile(applicant))
        except AsnError as exc:
            return str(exc)
        return None

    def on_approve(self, application, *, by) -> None:
        super().on_approve(application, by=by)
        proposal = application.asn_promotion
        AsnProfile.objects.filter(pk=proposal.profile_id).update(rank=proposal.to_rank, rank_tmt=proposal.period)

    def _decision(self, application) -> tuple[str, list[str]]:
        proposal = application.asn_promotion
        return "Kenaikan pangkat reguler", [
            f"Terhitung mulai tanggal {proposal.period:%d-%m-%Y}, pangkat yang bersangkutan naik dari "
            f"{Rank(proposal.from_rank).label} menjadi {Rank(proposal.to_rank).label}."]


class RetirementHandler(_AsnHandler):
    fields = RETIREMENT_FIELDS

    def _decision(self, application) -> tuple[str, list[str]]:
        file = application.asn_retirement
        return "Pemberhentian dengan hormat karena mencapai batas usia pensiun", [
            f"Yang bersangkutan mencapai batas usia pensiun {file.retirement_age} tahun dan diberhentikan dengan "
            f"hormat dengan hak pensiun terhitung mulai tanggal {file.tmt:%d-%m-%Y}."]


def may_handle_personnel_files(user) -> bool:
    """Personnel files hold a civil servant's family and health papers: at the unit only its HR
    officers (and supervisors) handle them, at BKD its officers — not every officer of the office."""
    from .cases_link import bkd_unit

    if getattr(user, "role", None) == "supervisor":
        return True
    staff = getattr(user, "staff", None)
    if staff is not None and staff.unit.strip().lower() == bkd_unit().strip().lower():
        return True
    return bool(getattr(getattr(user, "asn", None), "is_hr_officer", False))


def register() -> None:
    from balai.cases.restrictions import register_staff_filed, register_staff_restriction

    register_handler(SERVICE_PROMOTION, PromotionHandler())
    register_handler(SERVICE_RETIREMENT, RetirementHandler())
    for code in (SERVICE_PROMOTION, SERVICE_RETIREMENT):
        register_staff_restriction(code, may_handle_personnel_files)
        register_staff_filed(code)  # filed by the unit's HR officer (or the daily task), not from the catalogue


__all__ = ["PromotionHandler", "RetirementHandler", "may_handle_personnel_files", "register"]
