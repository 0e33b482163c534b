"""The booking API: locations, availability over a date range, create (``Idempotency-Key``), read,
cancel, move and check in a booking."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from balai.core import idempotency
from balai.core.api import ApiError, RequestSerializer, TextField, error_response
from balai.payments.models import IdempotencyRecord

from . import registry, selectors, services
from .models import Booking, Location

CLOCK = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?")


@extend_schema_field({"type": "string", "pattern": f"^{CLOCK.pattern}$", "example": "09:00"})
class ClockField(serializers.TimeField):
    """A wall-clock time at the location, ``HH:MM`` or ``HH:MM:SS``, without an offset. (OpenAPI's
    ``format: time`` is RFC 3339's, which requires one: a slot's ``09:00`` is not that.)"""

    def to_internal_value(self, value):
        if not isinstance(value, str) or not CLOCK.fullmatch(value):
            self.fail("invalid", format="hh:mm")
        return super().to_internal_value(value)


LOCATION = inline_serializer("AppointmentLocation", {
    "id": serializers.IntegerField(), "kind": serializers.CharField(), "kind_label": serializers.CharField(),
    "name": serializers.CharField(), "regency_code": serializers.CharField(), "address": serializers.CharField(),
    "opens": ClockField(), "closes": ClockField(),
    "services": serializers.ListField(child=serializers.CharField())}, many=True)
DAY = inline_serializer("AppointmentDay", {
    "date": serializers.DateField(), "status": serializers.ChoiceField(["free", "full", "closed"]),
    "closed_reason": serializers.CharField(), "free": serializers.IntegerField(),
    "slots": serializers.ListField(child=inline_serializer("AppointmentSlot", {
        "start": ClockField(), "capacity": serializers.IntegerField(),
        "free": serializers.IntegerField(), "available": serializers.BooleanField()}))}, many=True)
BOOKING = inline_serializer("AppointmentBooking", {
    "code": serializers.CharField(), "service": serializers.CharField(), "service_label": serializers.CharField(),
    "location": serializers.IntegerField(), "location_name": serializers.CharField(),
    "date": serializers.DateField(), "start": ClockField(), "end": serializers.DateTimeField(),
    "status": serializers.CharField(), "subject_ref": serializers.CharField()})
IDEMPOTENCY = OpenApiParameter(idempotency.HEADER, {"type": "string", "minLength": 1, "pattern": r"\S",
                                                    "maxLength": idempotency.MAX_KEY_LENGTH},
                               OpenApiParameter.HEADER, required=True,
                               description="Generated once per booking by the client; a retry sends the same.")


# A booking's code: 8 digits and a Damm check digit (services._new_code). Anything else in the path
# is no booking, answered before the database sees it (a NUL byte cannot even be compared there).
BOOKING_CODE = re.compile(r"[0-9]{9}")
MAX_DAYS = 93


class LocationsQuery(RequestSerializer):
    """The query of ``GET /api/appointments/locations/`` (text checked like any request field)."""

    service = TextField(max_length=40, required=False, allow_blank=True, default="",
                        help_text="Only locations offering this service kind")
    regency = serializers.RegexField(r"^[0-9]{4}$", max_length=4, required=False, allow_blank=True, default="",
                                     help_text="Kemendagri regency code (4 digits)")


class AvailabilityQuery(RequestSerializer):
    """The query of the availability: ``service``, ``from`` and the inclusive ``to`` (at most
    93 days; ``from`` alone is one day)."""

    service = TextField(max_length=40, help_text="Service kind, e.g. ktp-recording")
    to = serializers.DateField(required=False, help_text="Inclusive; the day of `from` when left out",
                               error_messages={"invalid": gettext_lazy("Isi tanggal dengan format YYYY-MM-DD.")})

    def get_fields(self):
        fields = super().get_fields()  # "from" is a Python keyword: it cannot be declared above
        start = serializers.DateField(error_messages={"invalid": gettext_lazy("Isi tanggal dengan format YYYY-MM-DD."),
                                                      "required": gettext_lazy("Isi tanggal dengan format YYYY-MM-DD.")})
        return {"service": fields["service"], "from": start, "to": fields["to"]}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs["from"]
        end = attrs.get("to") or start
        if end < start or (end - start).days >= MAX_DAYS:
            raise serializers.ValidationError({"to": [_("Rentang tanggal 1 sampai 93 hari.")]})
        return {**attrs, "to": end}


class CreateRequest(RequestSerializer):
    location = serializers.IntegerField()
    service = serializers.CharField(max_length=40)
    date = serializers.DateField()
    start = ClockField()
    subject_ref = TextField(max_length=60, required=False, allow_blank=True, default="")


class MoveRequest(RequestSerializer):
    date = serializers.DateField()
    start = ClockField()


def as_dict(booking: Booking) -> dict[str, Any]:
    location = booking.service.location
    return {"code": booking.code, "service": booking.kind, "service_label": booking.kind_label,
            "location": location.pk, "location_name": location.name, "date": booking.slot.date,
            "start": booking.slot.start, "end": booking.slot.ends_at, "status": booking.status,
            "subject_ref": booking.subject_ref}


def _location_dict(location: Location) -> dict[str, Any]:
    return {"id": location.pk, "kind": location.kind, "kind_label": str(location.get_kind_display()),
            "name": location.name, "regency_code": location.regency_id, "address": location.address,
            "opens": location.opens, "closes": location.closes,
            "services": sorted(s.kind for s in location.services.all() if s.active)}


@extend_schema(tags=["appointments"], operation_id="appointments_locations_list", parameters=[LocationsQuery],
               responses={200: LOCATION, 400: error_response("invalid (fields name the query parameter)")})
@api_view(["GET"])
@permission_classes([AllowAny])
def locations(request: Request) -> Response:
    """Active locations, optionally offering one service kind, in one regency."""
    query = LocationsQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    places = selectors.locations(kind=query.validated_data["service"],
                                 regency_code=query.validated_data["regency"]).prefetch_related("services")
    return Response([_location_dict(p) for p in places])


@extend_schema(tags=["appointments"], operation_id="appointments_locations_availability_list", parameters=[AvailabilityQuery],
               responses={200: DAY, 400: error_response("invalid (fields name the query parameter)"),
                          404: error_response("not_found")})
@api_view(["GET"])
@permission_classes([AllowAny])
def availability(request: Request, pk: int) -> Response:
    """Each day of the range: free / full / closed (with the reason) and its slots with free places."""
    query = AvailabilityQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    service = selectors.service_at(pk, query.validated_data["service"])
    if service is None:
        raise ApiError("not_found", _("Layanan ini tidak ada di lokasi ini."), status_code=404)
    days = selectors.availability(service, query.validated_data["from"], query.validated_data["to"])
    return Response([{"date": d.date, "status": d.status, "closed_reason": d.closed_reason, "free": d.free,
                      "slots": [{"start": s.start, "capacity": s.capacity, "free": s.free,
                                 "available": s.available} for s in d.slots]} for d in days])


def _citizen(request: Request) -> Any:
    if not hasattr(request.user, "citizen"):
        raise ApiError("permission_denied", _("Hanya akun warga."), status_code=status.HTTP_403_FORBIDDEN)
    return request.user


@extend_schema(methods=["GET"], tags=["appointments"], operation_id="appointments_bookings_list", responses={200: inline_serializer(
    "AppointmentBookingList", {"results": serializers.ListField(child=BOOKING)})})
@extend_schema(methods=["POST"], tags=["appointments"], request=CreateRequest, parameters=[IDEMPOTENCY],
               responses={201: BOOKING, 400: error_response("invalid, idempotency_key_required"),
                          403: error_response("permission_denied"),
                          409: error_response("slot_full (fields.next_free lists the next free slots), "
                                              "already_booked, idempotency_key_in_progress"),
                          422: error_response("day_closed (the message names the reason: past day, holiday, "
                                              "closure, weekday), not_bookable, idempotency_key_reused")})
@api_view(["GET", "POST"])
def bookings(request: Request) -> Response:
    """``GET``: the caller's bookings (latest 50). ``POST``: book a slot."""
    citizen = _citizen(request)
    if request.method == "GET":
        return Response({"results": [as_dict(b) for b in selectors.bookings_of(citizen)[:50]]})
    return idempotency.run_idempotent(request, "appointments.book", lambda: _create(request, citizen),
                                      records=IdempotencyRecord)  # payments' key table: one table, one purge


def _create(request: Request, citizen: Any) -> Response:
    body = CreateRequest(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    if registry.get(data["service"]) is None:
        raise ApiError("not_bookable", _("Layanan ini tidak bisa dipesan."), status_code=422)
    booking = services.book(citizen=citizen, location=data["location"], kind=data["service"], day=data["date"],
                            start=data["start"], subject_ref=data["subject_ref"])
    return Response(as_dict(booking), status=status.HTTP_201_CREATED)


def _own(request: Request, code: str) -> Booking:
    booking = selectors.bookings_of(request.user).filter(code=code).first() if BOOKING_CODE.fullmatch(code) else None
    if booking is None:
        raise ApiError("not_found", _("Booking tidak ditemukan."), status_code=404)
    return booking


@extend_schema(tags=["appointments"], operation_id="appointments_booking_detail",
               responses={200: BOOKING, 404: error_response("not_found")})
@api_view(["GET"])
def booking_detail(request: Request, code: str) -> Response:
    return Response(as_dict(_own(request, code)))


@extend_schema(tags=["appointments"], request=None, responses={
    200: BOOKING, 404: error_response("not_found"), 409: error_response("too_late (after the cut-off), wrong_state")})
@api_view(["POST"])
def cancel(request: Request, code: str) -> Response:
    """Cancel the caller's booking (until the cut-off before the slot)."""
    return Response(as_dict(services.cancel(_own(request, code), by=request.user)))


@extend_schema(tags=["appointments"], request=MoveRequest, responses={
    200: BOOKING, 404: error_response("not_found"),
    409: error_response("too_late (after the cut-off), slot_full (fields.next_free), wrong_state"),
    422: error_response("day_closed, not_bookable")})
@api_view(["POST"])
def move(request: Request, code: str) -> Response:
    """Move the caller's booking to another slot of the same service and location (same code)."""
    own = _own(request, code)
    body = MoveRequest(data=request.data)
    body.is_valid(raise_exception=True)
    booking = services.move(own, day=body.validated_data["date"],
                            start=body.validated_data["start"], by=request.user)
    return Response(as_dict(booking))


@extend_schema(tags=["appointments"], request=None, responses={
    200: BOOKING, 403: error_response("permission_denied"),
    404: error_response("not_found (no such booking in the caller's jurisdiction)"),
    409: error_response("wrong_day, wrong_state"), 422: error_response("invalid_code")})
@api_view(["POST"])
def check_in(request: Request, code: str) -> Response:
    """Staff: record that the citizen came (on the slot's day, in the staff member's jurisdiction)."""
    if not getattr(request.user, "is_staff_role", False) or getattr(request.user, "role", "") == "agent":
        raise ApiError("permission_denied", _("Hanya petugas."), status_code=status.HTTP_403_FORBIDDEN)
    return Response(as_dict(services.check_in(code, by=request.user)))
