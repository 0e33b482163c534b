from django.conf import settings
from django.urls import URLPattern, path
from django.urls.resolvers import RegexPattern

from . import api, return_links, views
from .sandbox import demo_mode
from .snap.urls import urlpatterns as snap_urlpatterns


class DemoOnly(RegexPattern):
    """A route that exists only in demo mode: otherwise the resolver does not match it (Django's
    404, no view runs). Decided per request rather than when this module is imported, so a test
    can turn demo mode on through ``settings``; a server's mode is fixed at start-up anyway."""

    def match(self, path):
        return super().match(path) if demo_mode() else None


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
    # signed links: the payer's receipt and e-TBPKP without an account
    path("bayar/dokumen/<str:token>/", return_links.documents_link_page, name="documents_link"),
    path("bayar/dokumen/<str:token>/<int:pk>/unduh/", return_links.documents_link_download,
         name="documents_link_download"),
    path("petugas/pembayaran/laporan/", views.report, name="report"),
    path("petugas/pembayaran/tugas/", views.tasks, name="tasks"),
    # The embedded sandbox bank (fakes payments): demo mode only (balai/payments/sandbox/).
    URLPattern(DemoOnly(r"^sandbox-bank/(?P<path>.*)$", name="sandbox-bank", is_endpoint=True), views.sandbox_bank,
               name="sandbox-bank"),
    *snap_urlpatterns,  # SNAP biller services for banks: /v1.0/… (payments.snap)
]

if settings.BENCH_URLS:
    urlpatterns.append(path("bench/pk/<int:pk>/", views.bench_pk, name="bench-pk"))
