from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "balai.payments"
    label = "payments"
    verbose_name = _("Pembayaran")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder

        from . import gateways  # noqa: F401
        from .demo import seed_demo_bills
        from .gateways import sandbox  # noqa: F401 - registers the sandbox plugin

        register_demo_seeder("payments", seed_demo_bills, order=50)
