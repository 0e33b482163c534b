"""Public verification API: by token (what the QR carries) and by uploaded file."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from balai.core.api import ApiError, RequestSerializer, error_response
from balai.core.throttling import IPRateThrottle

from .selectors import document_for_token
from .verification import UploadRejected, check_file, check_request_size, read_upload
from .verification_counts import verification_count
from .views import UploadThrottle


class PublicDocumentSerializer(serializers.Serializer):
    """Everything the public may know about a document, and nothing more."""

    status = serializers.CharField(help_text="valid | superseded | revoked")
    status_label = serializers.CharField(source="get_status_display")
    doc_type = serializers.CharField()
    doc_type_label = serializers.CharField(source="get_doc_type_display")
    number = serializers.CharField()
    issued_on = serializers.SerializerMethodField()
    issuing_unit = serializers.CharField()
    subject_name_masked = serializers.CharField()

    def get_issued_on(self, document) -> str:
        from django.utils import timezone

        return timezone.localtime(document.issued_at).date().isoformat()


class VerifyFileRequestSerializer(RequestSerializer):
    file = serializers.FileField(help_text="The PDF to check (max DOCUMENT_VERIFY_MAX_BYTES, default 10 MB).")
    token = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                  help_text="Optional: the token from the QR code, to compare with that document.")


SignatureSerializer = inline_serializer("DocumentSignatureCheck", {
    "present": serializers.BooleanField(), "intact": serializers.BooleanField(),
    "trusted": serializers.BooleanField(), "covers_whole_file": serializers.BooleanField(),
    "valid": serializers.BooleanField(), "signer": serializers.CharField(), "signed_at": serializers.CharField(),
    "error": serializers.CharField(help_text="'' | unreadable | unverifiable"),
})
VerifyFileResponseSerializer = inline_serializer("DocumentFileCheck", {
    "sha256": serializers.CharField(),
    "matches_issued_document": serializers.BooleanField(),
    "document": PublicDocumentSerializer(allow_null=True),
    "signature": SignatureSerializer,
})


class PublicThrottle(IPRateThrottle):
    """The public lookup by token, counted per client address across workers."""

    scope = "public"


def _not_found() -> ApiError:
    return ApiError("not_found", _("Dokumen tidak ditemukan."), status_code=status.HTTP_404_NOT_FOUND)


@extend_schema(
    responses={200: PublicDocumentSerializer,
               404: error_response("Unknown or tampered token (always the same answer)"),
               429: error_response("Too many requests")},
    tags=["documents"], auth=[],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([PublicThrottle])
def verify(request: Request, token: str) -> Response:
    """Status and public facts of the document a QR code names (subject name masked)."""
    document = document_for_token(token)
    if document is None:
        raise _not_found()
    verification_count(document=document, channel="api")
    return Response(PublicDocumentSerializer(document).data)



@extend_schema(
    request={"multipart/form-data": VerifyFileRequestSerializer},
    responses={200: VerifyFileResponseSerializer,
               400: error_response("No file, or not a PDF (codes: invalid, not_pdf)"),
               404: error_response("The token given is unknown or tampered"),
               413: error_response("File too large (code: file_too_large)"),
               429: error_response("Too many requests")},
    tags=["documents"], auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@parser_classes([MultiPartParser, FormParser])
@throttle_classes([UploadThrottle])
def verify_file(request: Request) -> Response:
    """Is this PDF byte for byte a document Balai issued, and does its signature validate?"""
    try:
        check_request_size(request.META)
    except UploadRejected as exc:
        raise ApiError(exc.code, exc.message, status_code=exc.status_code) from exc
    body = VerifyFileRequestSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    expected = None
    if body.validated_data.get("token"):
        expected = document_for_token(body.validated_data["token"])
        if expected is None:
            raise _not_found()
    try:
        data = read_upload(body.validated_data["file"])
    except UploadRejected as exc:
        raise ApiError(exc.code, exc.message, status_code=exc.status_code, fields={"file": [exc.message]}) from exc
    result = check_file(data, expected=expected)
    if result.matches and result.document is not None:
        verification_count(document=result.document, channel="api")
    document = result.document if (result.matches or expected is not None) else None
    return Response({
        "sha256": result.sha256,
        "matches_issued_document": result.matches,
        "document": PublicDocumentSerializer(document).data if document is not None else None,
        "signature": result.signature_dict(),
    })
