"""One domain error: every refusal class under ``balai/`` derives from ``DomainError``, the API maps
it once (the exception handler) and HTML once (the view helpers and the middleware)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory

import balai
from balai import urls as balai_urls
from balai.core.errors import DomainError, DomainErrorMiddleware, add_form_errors
from balai.core.forms import Form

# Exceptions defined under balai/ that are not rule refusals (no code/message for a person to
# read): each with why. Anything else an app defines must derive from DomainError.
NOT_REFUSALS = {
    "balai.payments.gateways.base.GatewayError": "an outside system could not be reached (502)",
    "balai.payments.sandbox.SandboxDisabled": "a GatewayError: the sandbox bank outside demo mode",
    "balai.payments.states.IllegalTransition": "a programming error: a state machine step no service may ask for",
    "balai.civil.numbers.NumberExhausted": "an operations alarm: a number series is used up",
    "balai.vehicles.engine_rules.RuleError": "a gap in the rule tables (operations), not a refusal of the citizen",
    "balai.documents.links.LinkError": "a signed link that does not verify: callers answer 404/410 themselves",
    "balai.documents.signers.base.NotConfigured": "a deployment error (ImproperlyConfigured): signing is not set up",
    "balai.asn.engine.RuleError": "a gap in the ASN rule tables (operations), not a refusal of the officer",
    "balai.notifications.callbacks.CallbackRejected": "a provider's delivery report that does not verify (403)",
    "balai.notifications.providers.PermanentFailure": "a channel provider's answer: the delivery fails over",
    "balai.notifications.providers.TemporaryFailure": "a channel provider's answer: the delivery is retried",
    "balai.payments.qris.QrisError": "a QRIS payload that does not parse: for the sandbox and tests, no person reads it",
    "balai.payments.snap.handlers._Rollback": "control flow: undoes a SNAP flag's transaction, keeping its answer",
    "balai.payments.snap.protocol.SnapRefusal": "answered to a bank in SNAP's own response codes, not as Balai's JSON",
    "balai.payments.snap.sandbox.TimedOut": "the sandbox bank's simulated lost answer (demo mode only)",
}

# The refusals named in the task, so a rename cannot empty the check below.
NAMED = ("balai.core.api.ApiError", "balai.partners.services.common.PartnerError",
         "balai.payments.errors.PaymentError", "balai.vehicles.assessment.VehicleTaxError",
         "balai.civil.cards.RegisterError")


def _balai_exceptions() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(balai.__path__, "balai."):
        parts = info.name.split(".")
        if {"tests", "migrations"} & set(parts) or parts[-1] in {"conftest", "wsgi", "asgi", "__main__"}:
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, BaseException):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_every_refusal_class_is_a_domain_error():
    found = _balai_exceptions()
    assert set(NAMED) <= set(found)
    assert set(NOT_REFUSALS) <= set(found), "an exception listed as not a refusal no longer exists"
    outside = sorted(name for name, cls in found.items()
                     if not issubclass(cls, DomainError) and name not in NOT_REFUSALS)
    assert outside == []
    for name in NOT_REFUSALS:
        assert not issubclass(found[name], DomainError), name


def test_app_errors_carry_code_message_fields_and_status():
    from balai.civil.services import RegisterError
    from balai.partners.services.common import PartnerError
    from balai.payments.services import PaymentError
    from balai.vehicles.assessment import VehicleTaxError

    partner = PartnerError("unknown_bill", "Kode bayar tidak ditemukan.", status=404, data={"payment_code": "X"})
    assert (partner.code, partner.status_code, partner.fields) == ("unknown_bill", 404, {"payment_code": ["X"]})
    assert (partner.status, partner.data) == (404, {"payment_code": "X"})  # the older names still work
    payment = PaymentError("bill_paid", "Tagihan sudah dibayar.")
    assert (payment.code, payment.message, payment.status_code) == ("bill_paid", "Tagihan sudah dibayar.", 409)
    tax = VehicleTaxError("wrong_office", "Bayar di Samsat.", office="Samsat Malang")
    assert (tax.status_code, tax.fields) == (409, {"office": "Samsat Malang"})
    register = RegisterError("Hanya satu kepala keluarga.", code="two_heads")
    assert (register.code, register.message, register.messages, register.status_code) == (
        "two_heads", "Hanya satu kepala keluarga.", ["Hanya satu kepala keluarga."], 409)


@api_view(["POST"])
@permission_classes([AllowAny])
def _refusing_api(request):
    from balai.payments.services import PaymentError

    raise PaymentError("bill_paid", "Tagihan sudah dibayar.")


def test_api_maps_any_domain_error_to_the_envelope():
    response = _refusing_api(APIRequestFactory().post("/api/x/", {}, format="json"))
    assert response.status_code == 409
    assert response.data == {"error": {"code": "bill_paid", "message": "Tagihan sudah dibayar.", "fields": {}}}


def _request(method: str, **headers):
    request = getattr(RequestFactory(), method)("/layanan/aksi/", headers=headers)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_html_uncaught_domain_error_is_a_message_not_a_500():
    from balai.partners.services.common import PartnerError

    middleware = DomainErrorMiddleware(lambda request: None)
    refusal = PartnerError("reason_required", "Alasan pembatalan wajib diisi.", status=400)

    posted = _request("post", referer="http://testserver/layanan/")
    response = middleware.process_exception(posted, refusal)
    assert (response.status_code, response["Location"]) == (303, "http://testserver/layanan/")
    assert [str(m) for m in get_messages(posted)] == ["Alasan pembatalan wajib diisi."]

    elsewhere = _request("post", referer="https://evil.example/")  # never sent back to another site
    page = middleware.process_exception(elsewhere, refusal)
    assert page.status_code == 400 and "Alasan pembatalan wajib diisi." in page.content.decode()

    assert middleware.process_exception(posted, ValueError("x")) is None  # other errors stay 500s


def test_form_errors_go_to_their_fields():
    from django import forms

    from balai.core.api import ApiError

    class F(Form):
        plate = forms.CharField()

    form = F(data={"plate": "L 1"})
    assert form.is_valid()
    add_form_errors(form, ApiError("invalid", "Periksa data.", fields={"plate": ["Nomor polisi tidak dikenal."],
                                                                      "other": ["Lainnya salah."]}))
    assert form.errors == {"plate": ["Nomor polisi tidak dikenal."], "__all__": ["Lainnya salah."]}
    bare = F(data={"plate": "L 1"})
    bare.is_valid()
    add_form_errors(bare, DomainError("not_allowed", "Tidak diizinkan."))
    assert bare.errors == {"__all__": ["Tidak diizinkan."]}
    elsewhere = F(data={"plate": "L 1"})  # fields the form does not have: the message, not their values
    elsewhere.is_valid()
    add_form_errors(elsewhere, DomainError("bad_column", "Kolom tidak dikenal.", fields={"column": ["kode"]}))
    assert elsewhere.errors == {"__all__": ["Kolom tidak dikenal."]}


def _refusing_page(request):
    from balai.payments.services import PaymentError

    raise PaymentError("bill_paid", "Tagihan sudah dibayar.")


urlpatterns = [path("uji/tolak/", _refusing_page), *balai_urls.urlpatterns]


@pytest.mark.django_db
def test_html_page_that_raises_a_domain_error_answers_with_its_message(client, settings):
    settings.ROOT_URLCONF = __name__
    page = client.get("/uji/tolak/")
    assert page.status_code == 409
    assert "Tagihan sudah dibayar." in page.content.decode()
    back = client.post("/uji/tolak/", HTTP_REFERER="http://testserver/pembayaran/")
    assert (back.status_code, back["Location"]) == (303, "http://testserver/pembayaran/")
    assert [str(m) for m in get_messages(back.wsgi_request)] == ["Tagihan sudah dibayar."]
