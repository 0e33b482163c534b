from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "balai.payments"
    label = "payments"
    verbose_name = _("Pembayaran")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import (
            gateways,  # noqa: F401
            selectors,
        )
        from .demo import seed_demo_bills
        from .gateways import sandbox  # noqa: F401 - registers the sandbox plugin

        register_demo_seeder("payments", seed_demo_bills, order=50)
        register_exporter("payments", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope("payment", selectors.staff_may_read_receipt_document)
