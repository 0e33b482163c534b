"""SNAP routes, included by ``balai.payments.urls`` at the site root (``/v1.0/…``, as banks call
them; the path signed is the request's path)."""

from django.urls import path

from . import views

urlpatterns = [
    path("v1.0/access-token/b2b", views.access_token, name="snap-token"),
    path("v1.0/transfer-va/inquiry", views.va_inquiry, name="snap-va-inquiry"),
    path("v1.0/transfer-va/payment", views.va_payment, name="snap-va-payment"),
    path("v1.0/transfer-va/status", views.va_status, name="snap-va-status"),
]
