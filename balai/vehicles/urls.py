from django.urls import path

from . import api, link_views, transfer_views, views

app_name = "vehicles"

urlpatterns = [
    path("api/pkb/simulate", api.pkb_simulate, name="api-simulate"),  # no slash
    path("api/bbnkb/simulate", api.bbnkb_simulate, name="api-bbnkb-simulate"),  # as the PKB simulator
    path("api/vehicles/<str:plate>/assessment/", api.vehicle_assessment, name="api-assessment"),
    path("api/vehicles/<str:plate>/bills/", api.vehicle_bill, name="api-bills"),
    path("pkb/", views.find_vehicle, name="find"),
    path("pkb/simulasi/", views.simulator, name="simulator"),
    path("pkb/kendaraan-saya/", views.my_vehicles, name="mine"),
    path("pkb/kendaraan-saya/tautkan/", link_views.link_vehicle, name="link"),
    path("pkb/balik-nama/", transfer_views.transfers_mine, name="transfers"),
    path("pkb/balik-nama/<str:tracking_number>/", transfer_views.transfer_page, name="transfer"),
    path("pkb/balik-nama/<str:tracking_number>/bayar/", transfer_views.transfer_pay, name="transfer_pay"),
    path("pkb/kendaraan/<str:plate>/", views.vehicle_page, name="vehicle"),
    path("pkb/kendaraan/<str:plate>/bayar/", views.vehicle_pay, name="pay"),
    path("petugas/samsat/", views.staff_search, name="staff_search"),
    path("petugas/samsat/balik-nama/", transfer_views.staff_transfers, name="staff_transfers"),
    path("petugas/samsat/balik-nama/<str:tracking_number>/", transfer_views.staff_transfer, name="staff_transfer"),
    path("petugas/samsat/<str:plate>/", views.staff_vehicle, name="staff_vehicle"),
]
