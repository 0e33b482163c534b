from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "balai.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from balai.core import shell

        desk_roles = {shell.OFFICER, shell.SUPERVISOR, shell.ADMIN}
        shell.register_menu("web:staff_home", _("Meja petugas"), roles=desk_roles, order=10)
        # Fallbacks: apps register more specific landings (a lower order wins).
        shell.register_landing("web:staff_home", roles=shell.STAFF, order=1000)
        shell.register_landing("web:home", roles={shell.CITIZEN}, order=1000)
        shell.register_staff_tool("admin:index", _("Konfigurasi (admin)"),
                                  _("Layanan, tarif, hari libur, dan akun petugas."), roles={shell.ADMIN}, order=900)
        shell.register_public_page("api-docs", _("Dokumentasi API"),
                                   _("Antarmuka REST untuk aplikasi mitra dan pengembang."), order=900,
                                   keywords=("api", "rest", "openapi", "developer", "pengembang"))
