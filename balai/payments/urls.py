from django.conf import settings
from django.urls import path, re_path

from . import api, views

app_name = "payments"

urlpatterns = [
    path("api/bills/<str:payment_code>/", api.bill_detail, name="api-bill"),
    path("api/bills/<str:payment_code>/payments/", api.payment_start, name="api-payment-start"),
    path("api/bills/<str:payment_code>/cancel/", api.bill_cancel_api, name="api-bill-cancel"),
    path("api/payments/", api.payment_create, name="api-payment-create"),
    path("api/payments/webhooks/<str:gateway>/", api.webhook, name="webhook"),
    path("bayar/", views.bill_lookup, name="lookup"),
    path("bayar/<str:payment_code>/", views.bill_page, name="bill"),
    path("bayar/<str:payment_code>/status/", views.bill_status, name="status"),
    path("bayar/<str:payment_code>/mulai/", views.payment_start, name="start"),
    path("bayar/<str:payment_code>/instruksi/<int:attempt_id>/", views.instructions, name="instructions"),
    path("bayar/<str:payment_code>/kembali/", views.payment_returned, name="returned"),
    path("petugas/pembayaran/laporan/", views.report, name="report"),
    path("petugas/pembayaran/tugas/", views.tasks, name="tasks"),
    re_path(r"^sandbox-bank/(?P<path>.*)$", views.sandbox_bank, name="sandbox-bank"),
]

if settings.BENCH_URLS:
    urlpatterns.append(path("bench/pk/<int:pk>/", views.bench_pk, name="bench-pk"))
