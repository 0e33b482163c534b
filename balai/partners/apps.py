from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "balai.partners"
    label = "partners"
    verbose_name = _("Titik layanan mitra")

    def ready(self) -> None:
        _register_shell()
        from balai.documents.registry import register_doc_type

        register_doc_type("settlement_report", _("Berita Acara Setoran"), "BAS")
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import selectors
        from .demo import seed_demo_point

        # After payments (50): the demo bills exist, so the demo agent has something to collect.
        register_demo_seeder("partners", seed_demo_point, order=80)
        register_exporter("service_point_collections", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope("partners.commission", selectors.staff_may_read_commission_document)


def _has_service_point(user) -> bool:
    from .models import Agent

    return Agent.objects.filter(user=user).exists()


def _register_shell() -> None:
    """What partner service points add to the site shell (balai.core.shell)."""
    from balai.core import shell

    supervisors = {shell.SUPERVISOR, shell.ADMIN}
    agent = {shell.AGENT}
    shell.register_menu("partners:desk", _("Meja agen"), roles=agent, order=10, when=_has_service_point)
    shell.register_menu("partners:dashboard", _("Titik layanan mitra"), roles=supervisors, order=30)
    shell.register_staff_tool("partners:desk", _("Terima pembayaran"),
                              _("Cari tagihan dengan kode bayar atau nomor polisi, terima uang tunai."),
                              roles=agent, order=10, when=_has_service_point)
    shell.register_staff_tool("partners:close-day", _("Tutup hari (setoran)"),
                              _("Hitung uang di tangan dan nyatakan setoran ke bank."), roles=agent, order=20,
                              when=_has_service_point)
    shell.register_staff_tool("partners:dashboard", _("Titik layanan mitra"),
                              _("Titik layanan pesantren, agen, batas uang tunai, dan komisi."),
                              roles=supervisors, order=70)
    shell.register_staff_tool("partners:reconcile", _("Rekonsiliasi setoran"),
                              _("Cocokkan setoran agen dengan uang yang diterima."), roles=supervisors, order=75)
    shell.register_landing("partners:desk", roles=agent, order=50, when=_has_service_point)
