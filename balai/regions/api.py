from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from balai.core.api import IPRateThrottle, error_response

from .models import Region
from .selectors import region_children, region_get


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegionSerializer(serializers.ModelSerializer):
    dotted = serializers.CharField(read_only=True)
    parent = RegionRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Region
        fields = ["code", "dotted", "level", "name", "kind", "parent"]


class PublicThrottle(IPRateThrottle):
    scope = "public"


def _get_or_404(code: str) -> Region:
    region = region_get(code)
    if region is None:
        raise Http404
    return region


@extend_schema(responses={200: RegionSerializer, 404: error_response("Unknown region code")}, tags=["regions"])
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicThrottle])
def region_detail(request: Request, code: str) -> Response:
    return Response(RegionSerializer(_get_or_404(code)).data)


@extend_schema(
    responses={200: inline_serializer("RegionChildren", {"count": serializers.IntegerField(),
                                                         "results": RegionSerializer(many=True)}),
               404: error_response("Unknown region code")},
    tags=["regions"],
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicThrottle])
def region_children_list(request: Request, code: str) -> Response:
    parent = _get_or_404(code)
    children = list(region_children(parent.code).select_related("parent"))
    return Response({"count": len(children), "results": RegionSerializer(children, many=True).data})
