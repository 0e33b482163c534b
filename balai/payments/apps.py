from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "balai.payments"
    label = "payments"
    verbose_name = _("Pembayaran")

    def ready(self) -> None:
        _register_shell()
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import (
            gateways,  # noqa: F401
            notices,  # noqa: F401 - this app's notification events and reminder source
            selectors,
            tasks,  # noqa: F401 - the outbox runs issue_receipt by name (receipts.py)
        )
        from .demo import seed_demo_bills
        from .gateways import sandbox  # noqa: F401 - registers the sandbox plugin
        from .snap import gateway as snap_gateway  # noqa: F401 - registers the SNAP plugin (payments.snap)

        register_demo_seeder("payments", seed_demo_bills, order=50)
        register_exporter("payments", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope("payment", selectors.staff_may_read_receipt_document)
        from .return_links import register as register_return_links

        register_return_links()  # the payer's receipt through a signed link


def _register_shell() -> None:
    """What payments adds to the site shell (balai.core.shell)."""
    from balai.core import shell

    report_roles = {shell.SUPERVISOR, shell.ADMIN}
    shell.register_menu("payments:lookup", _("Bayar tagihan"), roles={shell.ANONYMOUS}, order=40)
    shell.register_home_card("payments:lookup", _("Bayar tagihan"),
                             _("Masukkan kode bayar untuk melihat rincian tagihan dan membayarnya."), order=50,
                             keywords=("bayar", "tagihan", "kode bayar", "pembayaran", "qris", "virtual account",
                                       "pay", "bill", "payment"))
    shell.register_public_page("payments:lookup", _("Bayar tagihan"), order=40)
    shell.register_staff_tool("payments:report", _("Laporan penerimaan"),
                              _("Penerimaan per hari, kanal, dan rekening tujuan."), roles=report_roles, order=60)
    shell.register_staff_tool("payments:tasks", _("Tugas pembayaran"),
                              _("Pembayaran yang perlu dicek atau dicocokkan."), roles=report_roles, order=65)
