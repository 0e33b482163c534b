"""Staff REST API of the population register: persons and family cards, scoped to the caller's
jurisdiction, masked by default; full numbers only through an audited ``reveal`` with a reason.
The Adminduk services themselves go through the case API (``/api/cases/…``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from balai.accounts.models import Role
from balai.core.api import ApiError, RequestSerializer, StrictBooleanField, error_response
from balai.core.masking import mask_kk, mask_nik

from . import selectors, services
from .models import DuplicateReview, FamilyCard, Person, ReviewStatus

REGISTER_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.ADMIN})


class IsRegisterStaff(BasePermission):
    """Officers, supervisors and administrators; a browser session must have passed TOTP."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated or user.role not in REGISTER_ROLES:
            return False
        return request.auth is not None or bool(getattr(user, "is_verified", lambda: False)())


# --- serializers ------------------------------------------------------------------------------

class PersonSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    nik_masked = serializers.CharField()
    full_name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.DateField()
    record_status = serializers.CharField()
    is_alive = serializers.BooleanField()


class PersonFullSerializer(PersonSummarySerializer):
    nik = serializers.CharField()
    birth_place = serializers.CharField()
    religion = serializers.CharField()
    marital_status = serializers.CharField()
    education = serializers.CharField()
    occupation = serializers.CharField()
    blood_type = serializers.CharField()
    citizenship = serializers.CharField()
    father_name = serializers.CharField()
    mother_name = serializers.CharField()
    death_date = serializers.DateField(allow_null=True)
    kk_number = serializers.CharField(allow_null=True)


class MemberSerializer(serializers.Serializer):
    person_id = serializers.UUIDField()
    nik = serializers.CharField(help_text="Masked unless revealed.")
    full_name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.DateField()
    relationship = serializers.CharField()


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    printed_at = serializers.DateField()
    reason = serializers.CharField()
    note = serializers.CharField()
    members = serializers.IntegerField()


class FamilyCardSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kk_number = serializers.CharField(help_text="Masked unless revealed.")
    status = serializers.CharField()
    street = serializers.CharField()
    rt = serializers.CharField()
    rw = serializers.CharField()
    village_code = serializers.CharField(source="village_id")
    village = serializers.CharField(source="village.name")
    postal_code = serializers.CharField()
    regency_code = serializers.CharField()
    current_version = serializers.IntegerField()
    members = MemberSerializer(many=True)
    versions = VersionSerializer(many=True)


class RevealSerializer(RequestSerializer):
    reason = serializers.CharField(min_length=10, max_length=300,
                                   help_text="Why the full record is needed (kept in the audit log).")


class DuplicateReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.source
    created_at = serializers.DateTimeField()
    person = PersonSummarySerializer(allow_null=True)
    candidates = PersonSummarySerializer(many=True)
    matches = serializers.ListField(child=serializers.DictField())


class DecisionSerializer(RequestSerializer):
    is_duplicate = StrictBooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _card_data(card: FamilyCard, *, full: bool = False) -> dict:
    members = selectors.card_members(card)
    return {
        **{k: getattr(card, k) for k in ("public_id", "status", "street", "rt", "rw", "village_id", "village",
                                         "postal_code", "regency_code", "current_version")},
        "kk_number": card.kk_number if full else mask_kk(card.kk_number),
        "members": [{"person_id": m.person.public_id, "nik": m.person.nik if full else mask_nik(m.person.nik),
                     "full_name": m.person.full_name, "sex": m.person.sex, "birth_date": m.person.birth_date,
                     "relationship": m.relationship} for m in members],
        "versions": [{"number": v.number, "printed_at": v.printed_at, "reason": v.reason, "note": v.note,
                      "members": len(v.snapshot.get("members", []))} for v in card.versions.all()],
    }


def _person_full(person: Person) -> dict:
    membership = selectors.active_membership(person)
    data = PersonFullSerializer(person).data
    data["nik"] = person.nik
    data["kk_number"] = membership.family_card.kk_number if membership else None
    return data


SEARCH_PARAMS = [
    OpenApiParameter("nik", str, description="Exact 16-digit NIK"),
    OpenApiParameter("kk_number", str, description="Exact 16-digit KK number"),
    OpenApiParameter("name", str, description="Name (with birth_date)"),
    OpenApiParameter("birth_date", str, description="YYYY-MM-DD (with name)"),
]
def _page_of(serializer_class, name: str):
    """The envelope LimitOffsetPagination puts around a list (the list views paginate by hand)."""
    return inline_serializer(name, {
        "count": serializers.IntegerField(), "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True), "results": serializer_class(many=True)})


STAFF_ERRORS = {401: error_response("not_authenticated"), 403: error_response("permission_denied")}


@extend_schema(operation_id="civil_persons_list", parameters=SEARCH_PARAMS,
               responses={200: _page_of(PersonSummarySerializer, "PaginatedPersonSummaryList"),
                          400: error_response("search_criteria"), **STAFF_ERRORS},
               tags=["civil"])
@api_view(["GET"])
@permission_classes([IsRegisterStaff])
def person_list(request: Request) -> Response:
    """Search persons in your jurisdiction by NIK, by KK number, or by name + date of birth. NIKs are masked."""
    q = request.query_params
    birth = None
    if q.get("birth_date"):
        field = serializers.DateField()
        try:
            birth = field.to_internal_value(q["birth_date"])
        except serializers.ValidationError as exc:
            raise ApiError("invalid", _("Tanggal lahir tidak valid."), fields={"birth_date": exc.detail}) from exc
    if not (q.get("nik") or q.get("kk_number") or (q.get("name") and birth)):
        raise ApiError("search_criteria", _("Cari dengan NIK, nomor KK, atau nama dan tanggal lahir."))
    found = selectors.person_search(user=request.user, nik=q.get("nik", ""), kk_number=q.get("kk_number", ""),
                                    name=q.get("name", ""), birth_date=birth)
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(list(found), request)
    return paginator.get_paginated_response(PersonSummarySerializer(page, many=True).data)


@extend_schema(responses={200: PersonSummarySerializer, 404: error_response("not_found"), **STAFF_ERRORS},
               tags=["civil"])
@api_view(["GET"])
@permission_classes([IsRegisterStaff])
def person_detail(request: Request, public_id) -> Response:
    return Response(PersonSummarySerializer(selectors.access_person(request.user, public_id)).data)


@extend_schema(request=RevealSerializer, responses={200: PersonFullSerializer, 400: error_response("invalid"),
                                                    404: error_response("not_found"), **STAFF_ERRORS},
               tags=["civil"])
@api_view(["POST"])
@permission_classes([IsRegisterStaff])
def person_reveal(request: Request, public_id) -> Response:
    """The full record, NIK included. Give a reason; the read is an audited action."""
    body = RevealSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    person = selectors.access_person(request.user, public_id)
    selectors.record_full_read(user=request.user, object_type="person", obj=person,
                               reason=body.validated_data["reason"])
    return Response(_person_full(person))


@extend_schema(operation_id="civil_family_cards_list",
               parameters=[OpenApiParameter("kk_number", str, required=True)],
               responses={200: _page_of(FamilyCardSerializer, "PaginatedFamilyCardList"),
                          400: error_response("search_criteria"),
                          **STAFF_ERRORS}, tags=["civil"])
@api_view(["GET"])
@permission_classes([IsRegisterStaff])
def family_card_list(request: Request) -> Response:
    """Find a family card in your jurisdiction by its number (numbers in the answer are masked)."""
    number = request.query_params.get("kk_number", "")
    if not number:
        raise ApiError("search_criteria", _("Isi nomor KK."))
    cards = list(selectors.family_cards_for_staff(request.user).filter(kk_number=number))
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(cards, request)
    assert page is not None  # REST_FRAMEWORK["PAGE_SIZE"] is the default limit: a page is always cut
    return paginator.get_paginated_response([FamilyCardSerializer(_card_data(c)).data for c in page])


@extend_schema(responses={200: FamilyCardSerializer, 404: error_response("not_found"), **STAFF_ERRORS},
               tags=["civil"])
@api_view(["GET"])
@permission_classes([IsRegisterStaff])
def family_card_detail(request: Request, public_id) -> Response:
    """A family card with its members (masked NIKs) and its version history."""
    return Response(FamilyCardSerializer(_card_data(selectors.access_family_card(request.user, public_id))).data)


@extend_schema(request=RevealSerializer, responses={200: FamilyCardSerializer, 400: error_response("invalid"),
                                                    404: error_response("not_found"), **STAFF_ERRORS},
               tags=["civil"])
@api_view(["POST"])
@permission_classes([IsRegisterStaff])
def family_card_reveal(request: Request, public_id) -> Response:
    """The family card with full KK number and NIKs; give a reason (audited)."""
    body = RevealSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    card = selectors.access_family_card(request.user, public_id)
    selectors.record_full_read(user=request.user, object_type="family_card", obj=card,
                               reason=body.validated_data["reason"])
    return Response(FamilyCardSerializer(_card_data(card, full=True)).data)


@extend_schema(operation_id="civil_duplicates_list",
               responses={200: _page_of(DuplicateReviewSerializer, "PaginatedDuplicateReviewList"),
                          **STAFF_ERRORS}, tags=["civil"])
@api_view(["GET"])
@permission_classes([IsRegisterStaff])
def duplicate_list(request: Request) -> Response:
    """Likely duplicates waiting for a decision in your jurisdiction."""
    reviews = list(selectors.duplicate_reviews_for_staff(request.user))
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(reviews, request)
    assert page is not None  # REST_FRAMEWORK["PAGE_SIZE"] is the default limit: a page is always cut
    return paginator.get_paginated_response(
        [DuplicateReviewSerializer({**r.__dict__, "person": r.person, "candidates": list(r.candidates.all())}).data
         for r in page])


@extend_schema(request=DecisionSerializer,
               responses={200: DuplicateReviewSerializer, 404: error_response("not_found"),
                          409: error_response("already_decided"), **STAFF_ERRORS}, tags=["civil"])
@api_view(["POST"])
@permission_classes([IsRegisterStaff])
def duplicate_decide(request: Request, review_id: int) -> Response:
    """Decide a likely duplicate: a held record becomes active (a held birth completes) or is marked duplicate."""
    body = DecisionSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    review = selectors.duplicate_reviews_for_staff(request.user, status=ReviewStatus.PENDING).filter(
        pk=review_id).first()
    if review is None:
        if DuplicateReview.objects.filter(pk=review_id).exclude(status=ReviewStatus.PENDING).exists():
            raise ApiError("already_decided", _("Dugaan data ganda ini sudah diputuskan."),
                           status_code=status.HTTP_409_CONFLICT)
        raise ApiError("not_found", _("Tidak ditemukan."), status_code=status.HTTP_404_NOT_FOUND)
    review = services.duplicate_decide(review=review, by=request.user, **body.validated_data)
    return Response(DuplicateReviewSerializer({**review.__dict__, "person": review.person,
                                               "candidates": list(review.candidates.all())}).data)
