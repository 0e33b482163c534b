"""REST API of the ASN workspace: a regular promotion proposal filed by the unit's HR officer (or
a supervisor, or the ASN), as a case of the case engine. Errors use the one envelope
(``DomainError`` → JSON with field messages): before eligibility, 422 ``not_eligible`` with the
earliest eligible period in ``fields.earliest_period``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from balai.accounts.models import Role
from balai.core.api import RequestSerializer, error_response

from . import files
from .models import AsnProfile
from .services import AsnError


class IsStaff(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated
                    and request.user.role in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN))


class PromotionRequest(RequestSerializer):
    nip = serializers.CharField(max_length=18, help_text="NIP of the civil servant proposed")
    period = serializers.DateField(required=False, allow_null=True,
                                   help_text="The period (first day of a promotion month); empty: the earliest "
                                             "eligible one")


PROMOTION_RESPONSE = inline_serializer("PromotionProposal", {
    "tracking_number": serializers.CharField(), "state": serializers.CharField(),
    "period": serializers.DateField(), "from_rank": serializers.CharField(), "to_rank": serializers.CharField(),
    "office": serializers.CharField()})


@extend_schema(operation_id="asn_promotions_create", tags=["asn"], request=PromotionRequest,
               responses={201: PROMOTION_RESPONSE,
                          400: error_response("invalid (a field is missing or not a date)"),
                          403: error_response("permission_denied, forbidden (not the unit's HR officer, "
                                              "supervisor or the ASN)"),
                          404: error_response("unknown_nip"),
                          409: error_response("duplicate (already proposed for that period), no_office, top_rank"),
                          422: error_response("not_eligible (fields.earliest_period names the earliest period)")})
@api_view(["POST"])
@permission_classes([IsStaff])
def promotions(request: Request) -> Response:
    """File a regular promotion proposal: a draft case in the ASN's name, routed to their unit's
    HR officers; upload its documents and submit it with the applications API."""
    body = PromotionRequest(data=request.data)
    body.is_valid(raise_exception=True)
    profile = AsnProfile.objects.select_related("user__staff").filter(nip=body.validated_data["nip"]).first()
    if profile is None:
        raise AsnError("unknown_nip", _("Tidak ada profil ASN dengan NIP tersebut."), status_code=404,
                       fields={"nip": [_("NIP tidak ditemukan.")]})
    proposal = files.promotion_propose(profile=profile, by=request.user, period=body.validated_data.get("period"))
    app = proposal.application
    return Response({"tracking_number": app.tracking_number, "state": app.state, "period": proposal.period,
                     "from_rank": proposal.from_rank, "to_rank": proposal.to_rank, "office": app.office.name},
                    status=status.HTTP_201_CREATED)
