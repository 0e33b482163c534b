from django.urls import path

from . import api
from .views import desk, supervisor

app_name = "partners"

urlpatterns = [
    # Agent desk (light pages for a phone)
    path("agen/", desk.home, name="desk"),
    path("agen/tagihan/", desk.bill, name="bill"),
    path("agen/kendaraan/", desk.vehicle, name="vehicle"),
    path("agen/terima/", desk.collect, name="collect"),
    path("agen/kuitansi/<int:pk>/", desk.receipt, name="receipt"),
    path("agen/kuitansi/<int:pk>/qr.svg", desk.receipt_qr, name="receipt-qr"),
    path("agen/kuitansi/<int:pk>/pdf/", desk.receipt_pdf, name="receipt-pdf"),
    path("agen/kuitansi/<int:pk>/batal/", desk.void, name="void"),
    path("agen/tutup-hari/", desk.close_day, name="close-day"),
    path("agen/setoran/<int:pk>/", desk.closing, name="closing"),
    path("agen/setoran/<int:pk>/slip/", desk.slip, name="closing-slip"),
    # Supervisor
    path("mitra/", supervisor.dashboard, name="dashboard"),
    path("mitra/titik/baru/", supervisor.point_new, name="point-new"),
    path("mitra/titik/<int:pk>/", supervisor.point_detail, name="point"),
    path("mitra/titik/<int:pk>/status/", supervisor.point_status, name="point-status"),
    path("mitra/titik/<int:pk>/agen/", supervisor.agent_new, name="agent-new"),
    path("mitra/titik/<int:pk>/komisi/<int:year>-<int:month>.csv", supervisor.commission_csv, name="commission-csv"),
    path("mitra/titik/<int:pk>/komisi/<int:year>-<int:month>.pdf", supervisor.commission_statement_pdf,
         name="commission-pdf"),
    path("mitra/agen/<int:pk>/status/", supervisor.agent_status, name="agent-status"),
    path("mitra/pembatalan/<int:pk>/", supervisor.void_decision, name="void-decide"),
    path("mitra/rekonsiliasi/", supervisor.reconcile, name="reconcile"),
    path("mitra/setoran/<int:pk>/selesaikan/", supervisor.resolve, name="resolve"),
    path("mitra/setoran/<int:pk>/slip/", supervisor.slip, name="supervisor-slip"),
    # API (devices)
    path("api/partners/collections/", api.collections, name="api-collections"),
]
