"""Service points and their agents: created and suspended by supervisors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Role, User
from balai.accounts.services import staff_create
from balai.core import audit
from balai.core.numbers import next_value
from balai.core.text import text_or_raise
from balai.regions.models import Level, Region

from ..models import Agent, CommissionKind, PointKind, PointStatus, ServicePoint
from .common import PartnerError

SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _require_supervisor(by: User) -> None:
    if by is None or by.role not in SUPERVISOR_ROLES:
        raise PartnerError("permission_denied", _("Hanya supervisor yang boleh melakukan ini."), status=403)


def in_scope(user: User, point: ServicePoint) -> bool:
    """A supervisor acts on points of the regencies of their jurisdiction (or named on the point)."""
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.SUPERVISOR:
        return False
    if point.supervisor_id == user.pk:
        return True
    staff = getattr(user, "staff", None)
    return staff is not None and staff.jurisdiction.filter(code=point.regency_code).exists()


@transaction.atomic
def point_create(*, by: User, name: str, village_code: str, address: str, contact_name: str, contact_phone: str,
                 samsat_unit: str, cash_limit: int, bank_name: str, bank_account_number: str,
                 bank_account_name: str, kind: str = PointKind.PESANTREN, opening_hours: str = "",
                 commission_kind: str = CommissionKind.FIXED, commission_value: int = 0,
                 supervisor: User | None = None) -> ServicePoint:
    _require_supervisor(by)
    village = Region.objects.filter(code=village_code, level=Level.VILLAGE).first()
    if village is None:
        raise ValidationError({"village_code": _("Pilih desa/kelurahan yang valid.")}, code="unknown_village")
    for label, value in (("cash_limit", cash_limit), ("commission_value", commission_value)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError({label: _("Harus bilangan bulat rupiah, tidak negatif.")}, code="invalid")
    if commission_kind == CommissionKind.PERCENT and commission_value > 10_000:
        raise ValidationError({"commission_value": _("Persentase paling besar 10000 basis poin (100%).")},
                              code="invalid")
    point = ServicePoint(
        code=f"TL-{village.code[:4]}-{next_value(f'partners:point:{village.code[:4]}'):04d}", name=name.strip(),
        kind=kind, village=village, regency_code=village.code[:4], address=address.strip(),
        contact_name=contact_name.strip(), contact_phone=contact_phone.strip(), samsat_unit=samsat_unit.strip(),
        supervisor=supervisor, cash_limit=cash_limit, opening_hours=opening_hours.strip(), bank_name=bank_name.strip(),
        bank_account_number=bank_account_number.strip(), bank_account_name=bank_account_name.strip(),
        commission_kind=commission_kind, commission_value=commission_value, created_at=timezone.now())
    point.full_clean()
    point.save()
    if not in_scope(by, point):
        raise PartnerError("out_of_scope", _("Titik layanan ini di luar wilayah kerja Anda."), status=403)
    audit.record(action="partners.point_created", actor=by, object_type="service_point", object_id=point.code,
                 data={"name": point.name, "kind": kind, "village": village.code, "cash_limit": cash_limit,
                       "commission": [commission_kind, commission_value]})
    return point


@transaction.atomic
def point_set_status(*, point: ServicePoint, by: User, status: str, reason: str = "") -> ServicePoint:
    """Suspend (a reason is required) or reactivate a point. A suspended point takes no cash, but
    its agents can still close the day and declare deposits, so no cash is stranded."""
    _require_supervisor(by)
    point = ServicePoint.objects.select_for_update().get(pk=point.pk)
    if not in_scope(by, point):
        raise PartnerError("not_found", _("Titik layanan tidak ditemukan."), status=404)
    reason = text_or_raise(reason, lambda code, message: PartnerError(code, message, status=400))
    if status == PointStatus.SUSPENDED and not reason.strip():
        raise PartnerError("reason_required", _("Alasan pembekuan wajib diisi."), status=400)
    if point.status == status:
        return point
    point.status = status
    point.suspended_at = timezone.now() if status == PointStatus.SUSPENDED else None
    point.suspension_reason = reason.strip()[:300] if status == PointStatus.SUSPENDED else ""
    point.save(update_fields=["status", "suspended_at", "suspension_reason"])
    audit.record(action=f"partners.point_{status}", actor=by, object_type="service_point", object_id=point.code,
                 data={"reason": reason})
    return point


@transaction.atomic
def agent_create(*, point: ServicePoint, by: User, username: str, password: str, full_name: str, email: str,
                 phone: str = "") -> Agent:
    """A new agent account (role ``agent``; the TOTP device is enrolled at first login, like all staff)."""
    _require_supervisor(by)
    if not in_scope(by, point):
        raise PartnerError("not_found", _("Titik layanan tidak ditemukan."), status=404)
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("Nama pengguna sudah dipakai.")}, code="duplicate")
    user = staff_create(username=username, password=password, full_name=full_name, email=email, role=Role.AGENT,
                        unit=point.name, jurisdiction=[point.regency_code], by=by)
    if phone:
        user.phone = phone
        user.save(update_fields=["phone"])
    return agent_attach(user=user, point=point, by=by)


@transaction.atomic
def agent_attach(*, user: User, point: ServicePoint, by: User | None) -> Agent:
    """Tie an existing agent account to ``point`` (an agent serves one point only)."""
    if user.role != Role.AGENT:
        raise PartnerError("not_an_agent", _("Akun ini bukan akun agen."), status=400)
    existing = Agent.objects.filter(user=user).first()
    if existing is not None:
        if existing.point_id != point.pk:
            raise PartnerError("agent_elsewhere", _("Agen ini sudah terikat pada titik layanan lain."))
        return existing
    agent = Agent.objects.create(user=user, point=point, created_at=timezone.now(), created_by=by)
    audit.record(action="partners.agent_attached", actor=by, object_type="service_point", object_id=point.code,
                 data={"agent": user.pk, "username": user.username})
    return agent


@transaction.atomic
def agent_suspend(*, agent: Agent, by: User, reason: str) -> Agent:
    _require_supervisor(by)
    agent = Agent.objects.select_for_update().select_related("point").get(pk=agent.pk)
    if not in_scope(by, agent.point):
        raise PartnerError("not_found", _("Agen tidak ditemukan."), status=404)
    reason = text_or_raise(reason, lambda code, message: PartnerError(code, message, status=400))
    if not reason.strip():
        raise PartnerError("reason_required", _("Alasan pembekuan wajib diisi."), status=400)
    agent.status, agent.suspended_at, agent.suspended_by = PointStatus.SUSPENDED, timezone.now(), by
    agent.suspension_reason = reason.strip()[:300]
    agent.save(update_fields=["status", "suspended_at", "suspended_by", "suspension_reason"])
    audit.record(action="partners.agent_suspended", actor=by, object_type="service_point",
                 object_id=agent.point.code, data={"agent": agent.user_id, "reason": reason})
    return agent


@transaction.atomic
def agent_reactivate(*, agent: Agent, by: User) -> Agent:
    _require_supervisor(by)
    agent = Agent.objects.select_for_update().select_related("point").get(pk=agent.pk)
    if not in_scope(by, agent.point):
        raise PartnerError("not_found", _("Agen tidak ditemukan."), status=404)
    agent.status, agent.suspended_at, agent.suspended_by, agent.suspension_reason = PointStatus.ACTIVE, None, None, ""
    agent.save(update_fields=["status", "suspended_at", "suspended_by", "suspension_reason"])
    audit.record(action="partners.agent_reactivated", actor=by, object_type="service_point",
                 object_id=agent.point.code, data={"agent": agent.user_id})
    return agent
