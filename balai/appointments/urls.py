from django.urls import path

from . import api
from .views import citizen, staff

app_name = "appointments"

urlpatterns = [
    # Citizens and visitors
    path("janji-temu/", citizen.index, name="index"),
    path("janji-temu/pesan/", citizen.book, name="book"),
    path("janji-temu/pesan/slot/", citizen.day_slots, name="day-slots"),
    path("janji-temu/saya/", citizen.mine, name="mine"),
    path("janji-temu/booking/<str:code>/", citizen.booking, name="booking"),
    path("janji-temu/booking/<str:code>/kalender.ics", citizen.booking_ics, name="booking-ics"),
    path("janji-temu/booking/<str:code>/batal/", citizen.cancel, name="cancel"),
    # Staff
    path("janji-temu/petugas/", staff.day, name="staff-day"),
    path("janji-temu/petugas/hadir/", staff.check_in, name="staff-check-in"),
    path("janji-temu/petugas/booking/<int:pk>/tidak-hadir/", staff.no_show, name="staff-no-show"),
    path("janji-temu/petugas/booking/<int:pk>/hadir/", staff.check_in_one, name="staff-check-in-one"),
    path("janji-temu/petugas/lokasi/", staff.locations, name="staff-locations"),
    path("janji-temu/petugas/lokasi/baru/", staff.location_new, name="staff-location-new"),
    path("janji-temu/petugas/lokasi/<int:pk>/", staff.location, name="staff-location"),
    path("janji-temu/petugas/lokasi/<int:pk>/layanan/", staff.service_save, name="staff-service"),
    path("janji-temu/petugas/lokasi/<int:pk>/penutupan/", staff.closure_add, name="staff-closure"),
    path("janji-temu/petugas/penutupan/<int:pk>/hapus/", staff.closure_delete, name="staff-closure-delete"),
    path("janji-temu/supervisor/pemakaian/", staff.utilisation, name="utilisation"),
    # API
    path("api/appointments/locations/", api.locations, name="api-locations"),
    path("api/appointments/locations/<int:pk>/availability/", api.availability, name="api-availability"),
    path("api/appointments/bookings/", api.bookings, name="api-bookings"),
    path("api/appointments/bookings/<str:code>/", api.booking_detail, name="api-booking"),
    path("api/appointments/bookings/<str:code>/cancel/", api.cancel, name="api-cancel"),
    path("api/appointments/bookings/<str:code>/move/", api.move, name="api-move"),
    path("api/appointments/bookings/<str:code>/check-in/", api.check_in, name="api-check-in"),
]
