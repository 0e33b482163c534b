"""REST API: the public PKB simulator, a vehicle's assessment (plate + chassis tail) and its bill."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from balai.core.api import ApiError, IPRateThrottle, RequestSerializer, error_response
from balai.payments.beneficiaries import JATIM_REGENCIES
from balai.payments.idempotency import run_idempotent

from . import engine, selectors
from .models import Category, Use
from .plates import PlateError, parse_plate
from .rules import rules_load
from .services import VehicleTaxError, vehicle_assess, vehicle_bill_issue

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
JATIM_REGENCY_CODES = frozenset(code for code, _name in JATIM_REGENCIES)


class PublicThrottle(IPRateThrottle):
    scope = "public"


class LookupThrottle(IPRateThrottle):
    """Plate + chassis tail is a secret of sorts: the same tight rate as case tracking."""

    scope = "tracking"


def _unprocessable(fields: dict) -> ApiError:
    return ApiError("invalid", _("Data yang dikirim tidak valid."), status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
                    fields=fields)


def _flatten(errors) -> dict:
    return {key: [str(e) for e in (value if isinstance(value, list) else [value])] for key, value in errors.items()}


def _date_in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise serializers.ValidationError(gettext_lazy("Tanggal harus antara 1990 dan 2100."))
    return value


def _jatim_regency(value: str) -> str:
    if value not in JATIM_REGENCY_CODES:
        raise serializers.ValidationError(gettext_lazy("Bukan kode kabupaten/kota di Jawa Timur."))
    return value


class SimulateRequest(RequestSerializer):
    category = serializers.ChoiceField(choices=Category.choices)
    cc = serializers.IntegerField(min_value=1, max_value=20_000)
    njkb = serializers.IntegerField(min_value=0, max_value=100_000_000_000)
    use = serializers.ChoiceField(choices=Use.choices, default=Use.PRIVATE)
    ownership_order = serializers.IntegerField(min_value=1, max_value=99, default=1)
    due_date = serializers.DateField()
    pay_date = serializers.DateField()
    regency_code = serializers.CharField(max_length=4, default="3578")

    def validate_due_date(self, value: date) -> date:
        return _date_in_range(value)

    def validate_pay_date(self, value: date) -> date:
        return _date_in_range(value)

    def validate_regency_code(self, value: str) -> str:
        return _jatim_regency(value)

    def validate(self, attrs):
        if attrs["pay_date"] > engine.add_years(attrs["due_date"], 30):
            raise serializers.ValidationError({"pay_date": gettext_lazy("Paling lama 30 tahun setelah jatuh tempo.")})
        return attrs


LineSerializer = inline_serializer("PkbLine", {
    "code": serializers.ChoiceField(choices=engine.LINE_CODES), "label": serializers.CharField(),
    "tax_year": serializers.IntegerField(), "amount": serializers.IntegerField(),
    "beneficiary": serializers.CharField(), "basis": serializers.CharField()}, many=True)
SimulateResponse = inline_serializer("PkbSimulation", {
    "lines": LineSerializer, "total": serializers.IntegerField(), "simulation": serializers.BooleanField()})


def line_dict(line: engine.Line) -> dict:
    return {"code": line.code, "label": line.label, "tax_year": line.tax_year, "amount": line.amount,
            "beneficiary": line.beneficiary, "basis": line.basis}


def simulate_assessment(data: dict, rules: engine.RuleSet | None = None) -> engine.Assessment:
    facts = engine.VehicleFacts(category=data["category"], cc=data["cc"], use=data["use"], njkb=data["njkb"],
                                ownership_order=data["ownership_order"], regency_code=data["regency_code"])
    rules = rules or rules_load()
    if not any(b.category == data["category"] for b in rules.bobots):
        # Heavy equipment: an SWDKLLJ class, but no bobot/tariff row (REFERENCE §3.3: UNCONFIRMED).
        raise _unprocessable({"category": [_("PKB untuk jenis kendaraan ini belum dapat disimulasikan: tarif dan "
                                             "bobotnya belum ada di tabel aturan. Silakan tanya Samsat.")]})
    try:
        return engine.assess(facts, due_date=data["due_date"], pay_date=data["pay_date"], rules=rules)
    except engine.RuleError:
        raise _unprocessable({"due_date": [_("Belum ada aturan tarif untuk tanggal ini.")]}) from None


class BbnkbRequest(RequestSerializer):
    njkb = serializers.IntegerField(min_value=0, max_value=100_000_000_000)
    transfer = serializers.ChoiceField(choices=[(engine.FIRST_TRANSFER, gettext_lazy("Penyerahan pertama (baru)")),
                                                (engine.LATER_TRANSFER, gettext_lazy("Penyerahan kedua/berikutnya"))])
    transfer_date = serializers.DateField()
    regency_code = serializers.CharField(max_length=4, default="3578")

    def validate_transfer_date(self, value: date) -> date:
        return _date_in_range(value)

    def validate_regency_code(self, value: str) -> str:
        return _jatim_regency(value)


BbnkbLineSerializer = inline_serializer("BbnkbLine", {
    "code": serializers.ChoiceField(choices=(engine.BBNKB, engine.OPSEN_BBNKB)), "label": serializers.CharField(),
    "tax_year": serializers.IntegerField(), "amount": serializers.IntegerField(),
    "beneficiary": serializers.CharField(), "basis": serializers.CharField()}, many=True)
BbnkbResponse = inline_serializer("BbnkbSimulation", {
    "lines": BbnkbLineSerializer, "total": serializers.IntegerField(), "simulation": serializers.BooleanField()})


def simulate_bbnkb_assessment(data: dict, rules: engine.RuleSet | None = None) -> engine.TransferAssessment:
    try:
        return engine.assess_bbnkb(njkb=data["njkb"], transfer=data["transfer"], day=data["transfer_date"],
                                   regency_code=data["regency_code"], rules=rules or rules_load())
    except engine.RuleError:
        raise _unprocessable({"transfer_date": [_("Belum ada aturan tarif BBNKB untuk penyerahan ini pada tanggal "
                                                  "tersebut.")]}) from None


@extend_schema(request=BbnkbRequest, responses={200: BbnkbResponse, 422: error_response(
    "invalid (fields name the broken values; transfer_date: no BBNKB rule for that transfer on that day)")},
    tags=["vehicles"])
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([PublicThrottle])
def bbnkb_simulate(request: Request) -> Response:
    """Estimate BBNKB (transfer-of-ownership tax) and opsen BBNKB for a transfer on a day: 12 % of
    NJKB on the first transfer from 5 January 2025 (12.5 % before), 0 % on later transfers, opsen
    66 % to the regency, the 2025 base relief (DERIVED). An estimate only (REFERENCE §3.8)."""
    body = BbnkbRequest(data=request.data)
    if not body.is_valid():
        raise _unprocessable(_flatten(body.errors))
    result = simulate_bbnkb_assessment(body.validated_data)
    return Response({"lines": [line_dict(line) for line in result.lines], "total": result.total, "simulation": True})


def simulate(data: dict) -> dict:
    result = simulate_assessment(data)
    return {"lines": [line_dict(line) for line in result.lines], "total": result.total, "simulation": True}


@extend_schema(request=SimulateRequest, responses={200: SimulateResponse, 422: error_response("invalid (fields name "
                                                                                              "the broken values)")},
               tags=["vehicles"])
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([PublicThrottle])
def pkb_simulate(request: Request) -> Response:
    """Estimate PKB, opsen, penalties and SWDKLLJ from facts (no vehicle needed). An estimate only:
    the authoritative amount is the bill (REFERENCE §3.8)."""
    body = SimulateRequest(data=request.data)
    if not body.is_valid():
        raise _unprocessable(_flatten(body.errors))
    return Response(simulate(body.validated_data))


def _vehicle_or_404(plate: str, chassis_tail: str):
    try:
        parse_plate(plate)
    except PlateError as exc:
        raise ApiError("invalid_plate", exc.message, status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
                       fields={"plate": [str(exc.message)], "rule": exc.rule}) from None
    vehicle = selectors.vehicle_by_plate_and_tail(plate, chassis_tail)
    if vehicle is None:
        raise ApiError("not_found", _("Kendaraan tidak ditemukan. Periksa nomor polisi dan 5 karakter terakhir "
                                      "nomor rangka."), status_code=status.HTTP_404_NOT_FOUND)
    return vehicle


def refusal_dict(refusal: VehicleTaxError | None) -> dict | None:
    if refusal is None:
        return None
    return {"code": refusal.code, "message": refusal.message, "office": refusal.office,
            "payable_from": refusal.payable_from}


def assessment_dict(result) -> dict:
    vehicle, assessment = result.vehicle, result.assessment
    years = []
    if assessment is not None:
        years = [{"tax_year": year, "due_date": due, "lines": [line_dict(line) for line in lines], "subtotal": subtotal}
                 for year, due, lines, subtotal in assessment.by_year()]
    return {
        "plate": vehicle.plate_display,
        "vehicle": {"make": vehicle.make, "model": vehicle.model, "year": vehicle.year, "colour": vehicle.colour,
                    "category": vehicle.category, "regency_code": vehicle.regency_code},
        "due_date": vehicle.due_date, "stnk_valid_until": vehicle.stnk_valid_until,
        "years": years, "total": assessment.total if assessment else None,
        "payable_online": result.payable_online, "refusal": refusal_dict(result.refusal),
        "payable_from": result.payable_from, "stnk_notice": result.stnk_notice,
        "renewal_fees": [{"item": fee.item, "amount": fee.amount, "basis": fee.regulation}
                         for fee in result.renewal_fees],
        "simulation": False,
    }


TAIL = OpenApiParameter("chassis_tail", str, required=True, description="5 karakter terakhir nomor rangka")


@extend_schema(parameters=[TAIL], tags=["vehicles"],
               responses={200: dict, 404: error_response("not_found (unknown plate or wrong chassis tail)"),
                          422: error_response("invalid_plate (fields.rule names the broken rule)")})
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([LookupThrottle])
def vehicle_assessment(request: Request, plate: str) -> Response:
    """The tax due today, per tax year, for a vehicle identified by plate + chassis tail. Before the
    next tax year's payment window opens there is nothing to pay: ``years`` is empty, ``refusal.code``
    is ``not_due_yet`` and ``payable_from`` is the day it opens."""
    vehicle = _vehicle_or_404(plate, request.query_params.get("chassis_tail", ""))
    return Response(assessment_dict(vehicle_assess(vehicle=vehicle)))


class BillRequest(RequestSerializer):
    chassis_tail = serializers.CharField(max_length=5, min_length=5)


def bill_dict(bill) -> dict:
    return {"payment_code": bill.payment_code, "total": bill.total, "expires_at": bill.expires_at,
            "status": bill.status, "bill_url": f"/bayar/{bill.payment_code}/",
            "lines": [{"tax_head": line.tax_head, "label": line.label, "amount": line.amount,
                       "beneficiary": line.beneficiary.code}
                      for line in bill.lines.select_related("beneficiary").order_by("position")]}


@extend_schema(request=BillRequest, tags=["vehicles"],
               responses={201: dict, 404: error_response("not_found"), 409: error_response(
                   "blocked, renewal_due, njkb_unknown (fields.office: the Samsat to visit); not_due_yet "
                   "(fields.payable_from: the first day the next tax year can be billed)"),
                   422: error_response("invalid_plate, invalid")})
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([LookupThrottle])
def vehicle_bill(request: Request, plate: str) -> Response:
    """Issue (or return the open) PKB bill with a payment code. Accepts ``Idempotency-Key``."""

    def call() -> Response:
        body = BillRequest(data=request.data)
        if not body.is_valid():
            raise _unprocessable(_flatten(body.errors))
        vehicle = _vehicle_or_404(plate, body.validated_data["chassis_tail"])
        user = request.user if request.user.is_authenticated else None
        try:
            bill = vehicle_bill_issue(vehicle=vehicle, by=user)
        except VehicleTaxError as exc:
            fields: dict = {"office": exc.office}
            if exc.payable_from is not None:
                fields["payable_from"] = exc.payable_from.isoformat()
            raise ApiError(exc.code, exc.message, status_code=status.HTTP_409_CONFLICT, fields=fields) from None
        return Response(bill_dict(bill), status=status.HTTP_201_CREATED)

    return run_idempotent(request, "vehicles.bill", call, required=False)
