from django.urls import path

from . import api, views

app_name = "mobility"

urlpatterns = [
    path("sim-paspor/", views.hub, name="hub"),
    path("sim-paspor/tarif/", views.fees_page, name="fees"),
    path("sim-paspor/sim/tambah/", views.licence_add, name="licence_add"),
    path("sim-paspor/sim/<uuid:public_id>/", views.licence_page, name="licence"),
    path("sim-paspor/sim/<uuid:public_id>/hapus/", views.licence_remove, name="licence_remove"),
    path("sim-paspor/paspor/kesiapan/", views.passport_readiness_page, name="passport_readiness"),
    path("sim-paspor/paspor/akta/", views.certificate, name="certificate"),
    path("sim-paspor/paspor/tambah/", views.passport_add, name="passport_add"),
    path("sim-paspor/paspor/jadwal/tambah/", views.passport_booking_add, name="passport_booking_add"),
    path("sim-paspor/paspor/jadwal/<uuid:public_id>/dibayar/", views.passport_booking_paid,
         name="passport_booking_paid"),
    path("sim-paspor/sim/<uuid:public_id>/pesan/<int:location_id>/", views.sim_book, name="sim_book"),
    path("sim-keliling/", views.sim_keliling, name="sim_keliling"),
    path("sim-keliling/jadwal.ics", views.sim_keliling_ics, name="sim_keliling_ics"),
    path("petugas/sim-keliling/", views.staff_schedule, name="staff_schedule"),
    path("petugas/sim-keliling/<int:service_id>/batal/", views.staff_schedule_cancel, name="staff_schedule_cancel"),
    path("petugas/sim/", views.review_list, name="review_list"),
    path("petugas/sim/<uuid:public_id>/", views.licence_review_page, name="licence_review"),
    path("petugas/sim/<uuid:public_id>/foto/", views.licence_photo, name="licence_photo"),
    path("api/mobility/licences/", api.licences, name="api-licences"),
    path("api/mobility/passport-readiness/", api.passport_readiness, name="api-passport-readiness"),
]
