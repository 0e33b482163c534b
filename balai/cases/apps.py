from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "balai.cases"
    label = "cases"
    verbose_name = _("Layanan dan permohonan")

    def ready(self) -> None:
        _register_shell()
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import handlers, notices, selectors  # noqa: F401 - handlers: the generic handler; notices: events
        from .demo import seed_demo_cases

        register_demo_seeder("cases", seed_demo_cases, order=50)
        register_exporter("applications", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope("case", selectors.staff_may_read_case_document)


def _register_shell() -> None:
    """What cases adds to the site shell (balai.core.shell): the catalogue, tracking, the citizen's
    applications and the officers' case desk."""
    from balai.core import shell

    desk = {shell.OFFICER, shell.SUPERVISOR}
    shell.register_menu("cases:catalogue", _("Layanan"), roles={shell.ANONYMOUS, shell.CITIZEN}, order=10)
    shell.register_menu("cases:mine", _("Permohonan saya"), roles={shell.CITIZEN}, order=20,
                        when=shell.has_citizen_profile)
    shell.register_menu("cases:track", _("Lacak permohonan"), roles={shell.ANONYMOUS}, order=60)
    shell.register_menu("cases:desk_queue", _("Antrean kerja"), roles=desk, order=20)
    shell.register_home_card("cases:catalogue", _("Legalisir, surat pindah, dan layanan lain"),
                             _("Semua layanan yang bisa diajukan dari rumah, dengan standar pelayanannya."),
                             order=70, keywords=("katalog", "layanan", "legalisir", "skpwni", "pindah",
                                                 "catalogue", "services", "certified copy", "moving"))
    shell.register_public_page("cases:catalogue", _("Katalog layanan"), order=10)
    shell.register_public_page("cases:track", _("Lacak permohonan"),
                               _("Lihat status permohonan dengan nomor permohonan dan PIN."), order=20,
                               keywords=("lacak", "status", "nomor permohonan", "pin", "track", "tracking",
                                         "application status"))
    shell.register_staff_tool("cases:desk_queue", _("Antrean kerja"),
                              _("Permohonan di wilayah kerja Anda, urut batas waktu layanan."), roles=desk, order=10)
    shell.register_staff_tool("cases:desk_counter", _("Loket: ajukan untuk warga"),
                              _("Mengisi permohonan atas nama warga yang datang ke loket."), roles=desk, order=15)
    shell.register_landing("cases:desk_queue", roles={shell.OFFICER}, order=50)
