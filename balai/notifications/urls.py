from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("pemberitahuan/", views.mine, name="mine"),
    path("pemberitahuan/pengaturan/", views.preferences, name="preferences"),
    path("pemberitahuan/nomor-hp/", views.phone, name="phone"),
    path("petugas/pemberitahuan/", views.staff_events, name="staff_events"),
    path("petugas/pemberitahuan/<str:event_code>/", views.staff_event, name="staff_event"),
    path("petugas/pemberitahuan/<str:event_code>/templat/<str:channel>/<str:language>/", views.template_edit,
         name="template"),
    path("sandbox-notify/", views.sandbox_inbox, name="sandbox"),
    path("api/notifications/callback/sandbox/", views.sandbox_callback, name="sandbox-callback"),
]
