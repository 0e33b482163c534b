from django.conf import settings
from django.urls import path
from django.views.generic import RedirectView

from . import api, views

app_name = "cases"

urlpatterns = [
    # citizen portal
    path("layanan/", views.catalogue, name="catalogue"),
    path("layanan/<slug:code>/", views.service_page, name="service"),
    path("layanan/<slug:code>/ajukan/", views.apply_start, name="apply_start"),
    path("permohonan/", views.my_applications, name="mine"),
    path("permohonan/<str:tracking_number>/", views.application_page, name="application"),
    path("permohonan/<str:tracking_number>/isi/", views.apply_data, name="apply_data"),
    path("permohonan/<str:tracking_number>/dokumen/", views.apply_uploads, name="apply_uploads"),
    path("permohonan/<str:tracking_number>/kirim/", views.apply_review, name="apply_review"),
    path("permohonan/<str:tracking_number>/batal/", views.application_cancel, name="cancel"),
    path("permohonan/<str:tracking_number>/hapus/", views.draft_delete, name="draft_delete"),
    path("permohonan/<str:tracking_number>/tanda-terima/", views.receipt, name="receipt"),
    path("berkas/<str:tracking_number>/lampiran/<int:attachment_id>/", views.attachment_download,
         name="attachment"),
    path("lacak", views.track_page, name="track"),
    # printed without the slash on receipts; people type one
    path("lacak/", RedirectView.as_view(pattern_name="cases:track", query_string=True, permanent=True)),
    # officer desk
    path("petugas/antrean/", views.desk_queue, name="desk_queue"),
    path("petugas/loket/", views.desk_counter, name="desk_counter"),
    path("petugas/pemberitahuan/dibaca/", views.notices_read, name="notices_read"),
    path("petugas/berkas/<str:tracking_number>/", views.desk_case, name="desk_case"),
    path("petugas/berkas/<str:tracking_number>/aksi/", views.desk_action, name="desk_action"),
    path("petugas/berkas/<str:tracking_number>/lampiran/<int:attachment_id>/periksa/", views.desk_review,
         name="desk_review"),
    # API
    path("api/services/", api.service_list, name="api-services"),
    path("api/applications/", api.application_list, name="api-applications"),
    path("api/applications/<str:tracking_number>/", api.application_detail, name="api-application"),
    path("api/applications/<str:tracking_number>/attachments/", api.attachment_upload, name="api-attachments"),
    path("api/applications/<str:tracking_number>/attachments/<int:attachment_id>/", api.attachment_file,
         name="api-attachment-file"),
    path("api/applications/<str:tracking_number>/attachments/<int:attachment_id>/review/", api.attachment_review,
         name="api-attachment-review"),
    path("api/applications/<str:tracking_number>/actions/", api.application_action, name="api-actions"),
    path("api/desk/queue/", api.desk_queue, name="api-desk-queue"),
    path("api/track/<str:tracking_number>/", api.track, name="api-track"),
]

if settings.BENCH_URLS:
    # The bench's baseline view (bench/cases.py); never routed otherwise.
    urlpatterns.append(path("bench/bare/<int:pk>/", views.bench_bare, name="bench-bare"))
