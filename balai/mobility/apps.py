from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "balai.mobility"
    label = "mobility"
    verbose_name = _("SIM dan paspor")

    def ready(self) -> None:
        _register_shell()
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import booking, notices, selectors
        from .demo import seed_demo_mobility

        booking.register()  # the in-person renewal on the booking engine
        notices.register()
        # After civil (the demo family, order 40) and identities (45).
        register_demo_seeder("mobility", seed_demo_mobility, order=70)
        register_exporter("mobility", selectors.personal_data)  # UU PDP right of access
        from celery.schedules import crontab

        from balai.core.periodic import register_periodic

        # daily, after SMS quiet hours: SIM renewal windows, passport expiry, M-Paspor bookings
        register_periodic("mobility-send-reminders", "balai.mobility.tasks.send_reminders", crontab(hour=8, minute=15))


def _register_shell() -> None:
    """What SIM and passports add to the site shell (balai.core.shell)."""
    from balai.core import shell

    words = ("sim", "surat izin mengemudi", "paspor", "passport", "imigrasi", "m-paspor", "sinar", "satpas",
             "sim keliling", "driving licence", "driving license", "immigration")
    shell.register_menu("mobility:hub", _("SIM & Paspor"), roles={shell.CITIZEN}, order=60,
                        when=shell.has_citizen_profile)
    shell.register_home_card("mobility:hub", _("SIM & Paspor"),
                             _("Kapan SIM perlu diperpanjang, dokumen paspor sudah sesuai, jadwal datang, dan "
                               "pengingat."), roles={shell.CITIZEN}, order=60, keywords=words,
                             provides=("sim", "paspor"), when=shell.has_citizen_profile)
    shell.register_home_card("mobility:fees", _("SIM & Paspor"),
                             _("Tarif resmi SIM dan paspor, jadwal SIM Keliling, dan cara datang sekali saja."),
                             roles=shell.EVERYONE - {shell.CITIZEN}, order=60, keywords=words,
                             provides=("sim", "paspor"))
    shell.register_public_page("mobility:sim_keliling", _("Jadwal SIM Keliling"),
                               _("Tempat dan jam mobil SIM Keliling per kabupaten/kota."), order=60,
                               keywords=words)
    shell.register_public_page("mobility:fees", _("Tarif SIM dan paspor"), order=61, keywords=words)
    staff = {shell.OFFICER, shell.SUPERVISOR, shell.ADMIN}
    shell.register_staff_tool("mobility:review_list", _("SIM: pemeriksaan data warga"),
                              _("Cocokkan SIM yang dicatat warga dengan foto kartunya."), roles=staff, order=70)
    shell.register_staff_tool("mobility:staff_schedule", _("Jadwal SIM Keliling"),
                              _("Catat tempat, tanggal, jam, dan kapasitas mobil SIM Keliling."), roles=staff,
                              order=71)
