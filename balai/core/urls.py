from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/nik/parse", views.nik_parse, name="api-nik-parse"),
]
