from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsnConfig(AppConfig):
    name = "balai.asn"
    label = "asn"
    verbose_name = _("Aparatur sipil negara")

    def ready(self) -> None:
        _register_shell()
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter
        from balai.documents.registry import register_doc_type
        from balai.documents.selectors import register_staff_scope

        from . import notices  # noqa: F401  (notification events)
        from .demo import seed_asn
        from .handlers import register as register_handlers
        from .selectors import personal_data, supervisor_may_read_certificate

        register_doc_type("asn_certificate", _("Sertifikat Pengembangan Kompetensi"), "SPK")
        register_doc_type("asn_decision", _("Surat Keputusan Kepegawaian"), "SKK")
        register_handlers()  # the promotion and retirement services on the case engine
        register_staff_scope("asn.completion", supervisor_may_read_certificate)
        register_demo_seeder("asn", seed_asn, order=90)
        register_exporter("asn", personal_data)  # UU PDP right of access (None for a citizen)
        from celery.schedules import crontab

        from balai.core.periodic import register_periodic

        # daily: retirement files open by themselves ASN_RETIREMENT_LEAD_MONTHS ahead
        register_periodic("asn-open-retirement-files", "balai.asn.tasks.open_retirement_files",
                          crontab(hour=6, minute=30))


def is_asn(user) -> bool:
    return hasattr(user, "asn")


def _register_shell() -> None:
    """What the ASN workspace adds to the site shell (balai.core.shell)."""
    from balai.core import shell

    asn_roles = {shell.OFFICER, shell.SUPERVISOR, shell.ADMIN}
    shell.register_staff_tool("asn:home", _("Pelatihan dan meja latihan"),
                              _("Kursus kompetensi digital, kemajuan 20 JP setahun, sertifikat, dan meja latihan."),
                              roles=asn_roles, order=80)
    shell.register_staff_tool("asn:fluency", _("Kecakapan digital unit"),
                              _("Capaian JP, meja latihan, dan waktu penanganan berkas per unit."),
                              roles={shell.SUPERVISOR, shell.ADMIN}, order=85)
    from .views_hr import may_see_files

    shell.register_staff_tool("asn:files", _("Kenaikan pangkat dan pensiun"),
                              _("Usul kenaikan pangkat dan berkas pensiun ASN unit."),
                              roles=asn_roles, when=may_see_files, order=86)
