from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "balai.appointments"
    label = "appointments"
    verbose_name = _("Janji temu")

    def ready(self) -> None:
        _register_shell()
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import (
            notices,  # noqa: F401 - registers the notification events and the reminder source
            selectors,
        )
        from .demo import seed_demo_locations

        # Before civil's demo citizens book (civil seeds after 40): the locations exist first.
        register_demo_seeder("appointments", seed_demo_locations, order=35)
        register_exporter("appointments", selectors.personal_data)  # UU PDP right of access
        _register_beat()


def _register_beat() -> None:
    from celery.schedules import crontab

    from balai.core.periodic import register_periodic

    # 09:00 Jakarta, after SMS quiet hours
    register_periodic("appointments-remind-tomorrow", "balai.appointments.tasks.remind_tomorrow",
                      crontab(hour=9, minute=0))


def _register_shell() -> None:
    from balai.core import shell

    desk = {shell.OFFICER, shell.SUPERVISOR, shell.ADMIN}
    supervisors = {shell.SUPERVISOR, shell.ADMIN}
    shell.register_public_page("appointments:index", _("Janji temu layanan tatap muka"),
                               _("Pesan jam kedatangan di Disdukcapil, Samsat, Satpas atau Mal Pelayanan Publik."),
                               order=40, keywords=("booking", "antrean", "antrian", "jadwal", "appointment",
                                                   "queue", "janji temu"))
    shell.register_menu("appointments:mine", _("Booking saya"), roles={shell.CITIZEN}, order=40,
                        when=shell.has_citizen_profile)
    shell.register_staff_tool("appointments:staff-day", _("Daftar kedatangan"),
                              _("Booking hari ini per lokasi: catat hadir dengan kode atau QR, catat tidak hadir."),
                              roles=desk, order=45)
    shell.register_staff_tool("appointments:staff-locations", _("Lokasi layanan dan kapasitas"),
                              _("Jam buka, layanan yang bisa dipesan, kapasitas per slot, penutupan."),
                              roles=desk, order=46)
    shell.register_staff_tool("appointments:utilisation", _("Pemakaian kapasitas janji temu"),
                              _("Kapasitas, booking, hadir dan tidak hadir per lokasi dan hari."),
                              roles=supervisors, order=47)
