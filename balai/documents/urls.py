from django.urls import path

from . import api, views

app_name = "documents"

urlpatterns = [
    path("verifikasi/", views.verify_upload, name="verify_upload"),
    path("verifikasi/<str:token>/", views.verify, name="verify"),
    path("dokumen/", views.my_documents, name="mine"),
    path("dokumen/<int:pk>/unduh/", views.download, name="download"),
    path("api/documents/verify/<str:token>/", api.verify, name="api-verify"),
    path("api/documents/verify-file/", api.verify_file, name="api-verify-file"),
]
