"""REST API of the case engine (thin: parse, call one service or selector, serialise)."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
)
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.accounts import email_verification
from balai.accounts.models import User
from balai.core import idempotency
from balai.core.api import ApiError, IPRateThrottle, error_response
from balai.core.parsers import JSONParser
from balai.payments.models import IdempotencyRecord

from . import selectors, services, tracking_guard
from .models import Application
from .serializers import (
    ActionSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    AttachmentSerializer,
    CreatedSerializer,
    CreateSerializer,
    QueueQuerySerializer,
    QueueSerializer,
    ReviewSerializer,
    ServiceSerializer,
    TrackSerializer,
    UploadSerializer,
)
from .uploads import MIME


def _user(request: Request) -> User:
    return cast(User, request.user)


# --- helpers ----------------------------------------------------------------------------------

def _detail(app: Application) -> dict:
    selectors.case_detail(app)
    attachments = list(app.attachments.all())
    app.event_list = [_summarised(entry) for entry in selectors.timeline(app)]  # type: ignore[attr-defined]
    app.attachment_list = attachments  # type: ignore[attr-defined]
    app.missing_codes = [r.code for r in services.missing_requirements(  # type: ignore[attr-defined]
        app, attachments=[a for a in attachments if not a.superseded])]
    return ApplicationDetailSerializer(app).data  # type: ignore[return-value]


def _summarised(entry: dict):
    event = entry["event"]
    event.summary = entry["summary"]
    return event


def _service_payload(version) -> dict:
    from .handlers import handler_for

    reqs = list(version.requirements.all())
    codes = {r.pk: r.code for r in reqs}
    for r in reqs:
        r.alternative_of_code = codes.get(r.alternative_of_id)
    version.requirement_list = reqs
    version.schema = handler_for(version).form_fields(version)
    return ServiceSerializer(version).data


NOT_FOUND = error_response("Unknown tracking number, or a case outside the caller's scope (code: not_found)")
INVALID = error_response("Invalid body (code: invalid; fields name each problem)")


# --- endpoints --------------------------------------------------------------------------------

@extend_schema(parameters=[OpenApiParameter("q", str, description="Search in names and descriptions")],
               responses={200: ServiceSerializer(many=True)}, tags=["cases"], auth=[])
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def service_list(request: Request) -> Response:
    """The service catalogue: current version of each service with its published standard."""
    versions = selectors.published_versions(request.query_params.get("q", "").strip())
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(versions, "requirements")
    return Response([_service_payload(v) for v in versions])


@extend_schema(methods=["GET"], responses={200: ApplicationSerializer(many=True)}, tags=["cases"])
@extend_schema(
    methods=["POST"], request=CreateSerializer,
    parameters=[OpenApiParameter(idempotency.HEADER, str, OpenApiParameter.HEADER, required=False,
                                 description="Retry safely: the same key with the same body returns the same case "
                                             "(200, pin null); with another body it is refused (422).")],
    responses={201: CreatedSerializer, 200: CreatedSerializer,
               400: error_response("Invalid body or Idempotency-Key (code: invalid)"),
               403: error_response("Caller cannot apply (code: permission_denied, no_citizen_profile; "
                                   "email_unverified: a citizen whose e-mail address is not verified yet)"),
               404: error_response("Unknown service (code: not_found)"),
               409: idempotency.schema_responses()[409],
               422: error_response("The applicant cannot use this service at all (code: not_eligible, the "
                                   "reason in words; no draft is made); counter filing: unknown applicant NIK "
                                   "(code: unknown_applicant), or the "
                                   "applicant's address is outside the officer's jurisdiction "
                                   "(applicant_outside_jurisdiction); the Idempotency-Key was already used for "
                                   "a different request (idempotency_key_reused)")},
    tags=["cases"])
@api_view(["GET", "POST"])
def application_list(request: Request) -> Response:
    """``GET``: the caller's own applications. ``POST``: create a draft case (the PIN is returned
    once)."""
    if request.method == "GET":
        apps = list(selectors.applications_for_citizen(request.user).select_related(
            "service_version__service", "office", "assignee")[:200])
        return Response(ApplicationSerializer(apps, many=True).data)
    # before the key is taken: a refusal the citizen fixes by verifying must not be replayed to the retry
    email_verification.require_verified(request.user)
    return idempotency.run_idempotent(request, "cases.application_create", lambda: _create(request),
                                      records=IdempotencyRecord, required=False, stored=_without_pin)


def _create(request: Request) -> Response:
    body = CreateSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    version = selectors.current_version(body.validated_data["service"])
    try:
        created = services.application_create(
            version=version, by=_user(request), data=body.validated_data.get("data") or {},
            applicant_nik=body.validated_data.get("applicant_nik"),
            idempotency_key=idempotency.request_key(request, required=False))
    except ValidationError as exc:
        raise ApiError("invalid", _("Data yang dikirim tidak valid."), status_code=400,
                       fields={"data": exc.message_dict if hasattr(exc, "error_dict") else exc.messages}) from exc
    app = created.application
    return Response({"tracking_number": app.tracking_number, "pin": created.pin, "state": app.state},
                    status=status.HTTP_201_CREATED if created.created else status.HTTP_200_OK)


def _without_pin(response: Response) -> tuple[int, object]:
    """What a retry with the same key gets: the case, never its PIN (shown once, kept only hashed)."""
    if response.status_code == status.HTTP_201_CREATED:
        return status.HTTP_200_OK, {**response.data, "pin": None}
    return response.status_code, response.data


@extend_schema(responses={200: ApplicationDetailSerializer, 404: NOT_FOUND}, tags=["cases"])
@api_view(["GET"])
def application_detail(request: Request, tracking_number: str) -> Response:
    """A case with its events, attachments and missing requirements."""
    app = selectors.access_application(request.user, tracking_number)
    return Response(_detail(app))


@extend_schema(
    request={"multipart/form-data": UploadSerializer},
    responses={201: AttachmentSerializer, 400: error_response("Missing field, unknown requirement or empty file "
                                                              "(codes: invalid, unknown_requirement, empty_file)"),
               404: NOT_FOUND, 409: error_response("Case is not editable in its state (code: invalid_transition)"),
               413: error_response("File too large (code: file_too_large)"),
               415: error_response("Type not accepted, decided by content (code: unsupported_media_type)")},
    tags=["cases"])
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def attachment_upload(request: Request, tracking_number: str) -> Response:
    """Upload one file for one requirement (multipart: ``requirement``, ``file``)."""
    app = selectors.access_application(request.user, tracking_number)
    if "applicant" not in services.actor_roles(_user(request), app):
        raise Http404
    body = UploadSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    attachment = services.attachment_add(application=app, requirement_code=body.validated_data["requirement"],
                                         upload=body.validated_data["file"], by=_user(request))
    return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


@extend_schema(request=None, tags=["cases"],
               # the file's own type, decided by content at upload (balai.cases.uploads.MIME)
               responses={**{(200, mime): OpenApiTypes.BINARY for mime in MIME.values()}, 404: NOT_FOUND})
@api_view(["GET"])
def attachment_file(request: Request, tracking_number: str, attachment_id: int):
    """Download an attachment (the applicant, or staff in scope)."""
    from .views import attachment_response

    app = selectors.access_application(request.user, tracking_number)
    return attachment_response(app, attachment_id)


@extend_schema(request=ReviewSerializer,
               responses={200: AttachmentSerializer, 400: INVALID, 404: NOT_FOUND,
                          409: error_response("Case not claimed by the caller (code: invalid_transition)")},
               tags=["desk"])
@api_view(["POST"])
@parser_classes([JSONParser, FormParser])
def attachment_review(request: Request, tracking_number: str, attachment_id: int) -> Response:
    """Mark one requirement's file as verified or rejected (with a reason)."""
    app = selectors.access_application(request.user, tracking_number)
    if not services.actor_roles(_user(request), app) & {"officer", "supervisor"}:
        raise Http404
    body = ReviewSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    attachment = services.attachment_review(application=app, attachment_id=attachment_id, by=_user(request),
                                            decision=body.validated_data["decision"],
                                            reason=body.validated_data["reason"])
    return Response(AttachmentSerializer(attachment).data)


@extend_schema(
    request=ActionSerializer,
    responses={200: ApplicationDetailSerializer,
               400: error_response("Invalid body or a required note/reason missing (codes: invalid, note_required)"),
               404: NOT_FOUND,
               409: error_response("Action not allowed in this state or for the caller's role (code: "
                                   "invalid_transition); claimed by someone else (already_claimed); "
                                   "not the holder (not_holder)"),
               422: error_response("Required attachments missing (code: missing_requirements) or not verified "
                                   "(requirements_not_verified); fields list each requirement")},
    tags=["cases"])
@api_view(["POST"])
@parser_classes([JSONParser, FormParser])
def application_action(request: Request, tracking_number: str) -> Response:
    """Perform a workflow action. Send a ``transaction_id`` so a retry is harmless."""
    app = selectors.access_application(request.user, tracking_number)
    body = ActionSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    assignee = None
    if body.validated_data.get("assignee"):
        assignee = User.objects.filter(username=body.validated_data["assignee"]).first()
    app = services.application_act(application=app, by=_user(request), action=body.validated_data["action"],
                                   note=body.validated_data["note"],
                                   transaction_id=body.validated_data["transaction_id"], assignee=assignee)
    return Response(_detail(selectors.access_application(request.user, app.tracking_number)))


@extend_schema(
    parameters=[QueueQuerySerializer],
    responses={200: QueueSerializer, 400: INVALID, 403: error_response("Not an officer or supervisor")},
    tags=["desk"])
@api_view(["GET"])
def desk_queue(request: Request) -> Response:
    """The officer's work queue (jurisdiction and unit), sorted by due date, with counts per state."""
    if _user(request).role not in selectors.DESK_ROLES:
        raise ApiError("permission_denied", _("Hanya untuk petugas."), status_code=403)
    query = QueueQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    p = query.validated_data
    queue = selectors.queue_for_officer(officer=request.user, service=p["service"], state=p["state"],
                                        overdue=p["overdue"], regency=p["regency"], mine=p["mine"],
                                        limit=min(p["limit"], 200), offset=p["offset"])
    return Response({"counts": queue.counts, "total": queue.total,
                     "results": ApplicationSerializer(queue.rows, many=True).data})


class TrackThrottle(IPRateThrottle):
    """Per-IP rate for tracking (a 6-digit PIN must not be guessable by brute force); the
    per-number lock after wrong PINs is tracking_guard."""

    scope = "tracking"


@extend_schema(
    parameters=[OpenApiParameter("pin", str, required=True, description="6-digit PIN from the receipt")],
    responses={200: TrackSerializer,
               404: error_response("Unknown number or wrong PIN — the same answer for both (code: not_found)"),
               429: error_response("Too many requests from this address (code: throttled), or too many wrong "
                                   "PINs for this number (code: tracking_locked; unknown numbers alike)")},
    tags=["tracking"], auth=[])
class TrackView(APIView):
    """Public tracking by receipt: state, public timeline and due date; no personal data."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]
    renderer_classes = [JSONRenderer]

    def get(self, request: Request, tracking_number: str) -> Response:
        found = tracking_guard.public_status(tracking_number, request.query_params.get("pin", ""))
        if found is None:
            raise Http404
        app = found["app"]
        return Response({
            "tracking_number": app.tracking_number,
            "service": app.service_version.name,
            "state": app.state,
            "state_label": str(app.state_label),
            "due_date": app.due_date,
            "paused": app.paused_at is not None,
            "timeline": found["events"],  # already public-only, JSON-ready (see services._public_entry)
        })


track = TrackView.as_view()
