from django.urls import path

from . import api, views

app_name = "regions"

urlpatterns = [
    path("wilayah/opsi/", views.region_options, name="options"),
    path("api/regions/<str:code>/", api.region_detail, name="api-detail"),
    path("api/regions/<str:code>/children/", api.region_children_list, name="api-children"),
]
